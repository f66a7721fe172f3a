// The README's quick start from outside the repository: `npm pack`, install the tarball into an empty
// project in a temporary folder, and run `npx picklejar show <absolute path>` there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { picklejar, ROOT } from './harness.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

test('npm pack, install the tarball elsewhere, and npx picklejar show works from that folder', { timeout: 300_000 }, (t) => {
  if (process.env['PICKLEJAR_SKIP_PACK'] === '1') return t.skip('PICKLEJAR_SKIP_PACK=1');
  const tmp = mkdtempSync(join(tmpdir(), 'picklejar-pack-'));
  // `npm pack` runs the prepare script, which builds dist/ from the sources.
  const pack = spawnSync(NPM, ['pack', '--pack-destination', tmp, '--silent'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = readdirSync(tmp).find((n) => n.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  const project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'picklejar-install-test', private: true }));
  const install = spawnSync(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(tmp, tarball!)], { cwd: project, encoding: 'utf8' });
  if (install.status !== 0)
    return t.skip(`npm install of the tarball failed (offline?): ${install.stderr.split('\n').find((l) => /ERR/.test(l)) ?? install.status}`);
  const records = join(ROOT, 'examples', 'records.pkl');
  const show = spawnSync(NPX, ['--no-install', 'picklejar', 'show', records], { cwd: project, encoding: 'utf8' });
  assert.equal(show.status, 0, show.stderr);
  assert.equal(show.stdout, picklejar(['show', records]).text);
  assert.match(show.stdout, /^\[\{'id': 1,\n {2}'name': 'Ada Lovelace',/);
  const version = spawnSync(NPX, ['--no-install', 'picklejar', '--version'], { cwd: project, encoding: 'utf8' });
  assert.match(version.stdout, /^picklejar \d+\.\d+\.\d+/);
  // The library entry points resolve from the installed package too.
  const api = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import { load } from 'picklejar/node'; import { loads, dumps } from 'picklejar'; console.log(JSON.stringify(loads(dumps([1, 'a']))), typeof load);",
    ],
    { cwd: project, encoding: 'utf8' },
  );
  assert.equal(api.stdout, '[1,"a"] function\n', api.stderr);
});
