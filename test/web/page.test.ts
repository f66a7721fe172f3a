import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dumps } from '../../src/pickler/index.js';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { browserSkipReason, buildPage, FIXTURES, openPage, openSample, panelText, SCREENSHOT_DIR, type Session } from './browser.js';

const skip = browserSkipReason();

describe('inspector page in headless Chromium', { skip }, () => {
  let session: Session;
  let url: string;

  before(async () => {
    url = buildPage();
    session = await openPage(url);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await session?.close();
  });

  test('a plain pickle: every view shows it', async () => {
    const { page } = session;
    await openSample(page, 'sample.pkl');
    assert.equal(await page.textContent('#summary'), 'sample.pkl: 211 B · pickle · 1 pickle safe');
    const value = await panelText(page, 'value');
    assert.match(value, /dict len 7 \{'name': 'picklejar', 'numbers': \[1, 2\.5, -3, 1000000000000000000000000000000, 1\.0\]/);
    assert.match(value, /'shared_a': list len 2 shared ×2 \[1, 2\]/);
    assert.match(value, /'shared_b': list len 2 ⇄ shared reference to \['shared_a'\]/);
    assert.match(value, /'recursive': list len 2 shared ×2 \['loop', \[\.\.\.\]\]/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'value.png') });
    const dis = await panelText(page, 'dis');
    assert.match(dis, /Pickle #0: bytes 0–210/);
    assert.match(dis, / {4}0: \\x80 PROTO {6}4/);
    assert.match(dis, / {3}21: \\x8c {5}SHORT_BINUNICODE 'picklejar'/);
    assert.match(dis, /highest protocol among opcodes = 4/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'disassembly.png') });
    const safety = await panelText(page, 'safety');
    assert.match(safety, /^Safe: loading this with Python’s pickle would import and call only allowlisted names/);
    assert.match(safety, /Scanned 1 pickle \(pickle\), \d+ opcodes\. Globals: none\.No findings\./);
    assert.equal(await panelText(page, 'arrays'), 'No numpy arrays or torch tensors in this file.');
    assert.equal(await panelText(page, 'tables'), 'No pandas DataFrames in this file.');
  });

  test('the tree expands with the keyboard and follows a shared reference', async () => {
    const { page } = session;
    await openSample(page, 'sample.pkl');
    await page.click('#tab-value');
    await page.focus('#n-0-');
    await page.keyboard.press('ArrowDown'); // 'name'
    await page.keyboard.press('ArrowDown'); // 'numbers'
    await page.keyboard.press('ArrowRight'); // expand
    await page.keyboard.press('ArrowRight'); // first child
    await page.keyboard.press('ArrowDown'); // [1]
    assert.equal(await page.getAttribute('#n-0-1\\.1', 'aria-selected'), 'true');
    assert.match((await page.textContent('#n-0-1\\.1')) ?? '', /\[1\] float 2\.5/);
    assert.match((await page.textContent('#panel-value .details')) ?? '', /Path: \['numbers'\]\[1\]Built by: BINFLOAT at byte 48/);
    await page.keyboard.press('ArrowLeft'); // to parent
    await page.keyboard.press('ArrowLeft'); // collapse
    assert.equal(await page.getAttribute('#n-0-1', 'aria-expanded'), 'false');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp'); // 'shared_b'
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'n-0-3');
  });

  test('tabs move with the arrow keys', async () => {
    const { page } = session;
    await page.click('#tab-value');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-arrays');
    assert.equal(await page.getAttribute('#tab-arrays', 'aria-selected'), 'true');
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-safety');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-value');
    assert.equal(await page.isVisible('#panel-value'), true);
    assert.equal(await page.isVisible('#panel-safety'), false);
  });

  test('a dis line links to the value it builds and to its bytes, and back', async () => {
    const { page } = session;
    await openSample(page, 'sample.pkl');
    await page.click('#tab-dis');
    await page.click('#d-0-48');
    const side = (await page.textContent('.dis-side')) ?? '';
    assert.match(side, /^BINFLOAT at byte 48, 9 bytes/);
    assert.deepEqual(await page.$$eval('.dis-side mark', (m) => m.map((x) => x.textContent)), ['47', '40', '04', '00', '00', '00', '00', '00', '00']);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'disassembly-selected.png') });
    // The README's picture (docs/screenshots/inspector.png is a copy of it).
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'readme.png'), clip: { x: 0, y: 0, width: 1100, height: 560 } });
    await page.click('.dis-side button.link');
    assert.equal(await page.isVisible('#panel-value'), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'n-0-1.1');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'value-linked.png') });
    // …and from the tree node back to the opcode that built it.
    await page.click('#n-0-1 > .row .key');
    await page.click('#panel-value .details button.link');
    assert.equal(await page.isVisible('#panel-dis'), true);
    assert.equal(await page.getAttribute('#d-0-43', 'aria-selected'), 'true');
    assert.match((await page.textContent('.dis-side')) ?? '', /^EMPTY_LIST at byte 43, 1 byte/);
  });

  test('the disassembly is a listbox: arrow keys move the selection, Enter shows the value', async () => {
    const { page } = session;
    await openSample(page, 'sample.pkl');
    await page.click('#tab-dis');
    await page.click('#d-0-46');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#d-0-48', 'aria-selected'), 'true');
    assert.equal(await page.getAttribute('#d-0-46', 'aria-selected'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-activedescendant')), 'd-0-48');
    await page.keyboard.press('ArrowDown');
    assert.match((await page.textContent('.dis-side')) ?? '', /^BININT at byte 57, 5 bytes/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'n-0-1.2');
  });

  test('a file dropped on the page opens like a chosen one', async () => {
    const { page } = session;
    const bytes = Array.from(readFileSync(join(FIXTURES, 'stream.pkl')));
    await page.evaluate((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'dropped.pkl'));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction(() => /^dropped\.pkl: 59 B/.test(document.getElementById('summary')?.textContent ?? ''));
    assert.equal(await page.textContent('#summary'), 'dropped.pkl: 59 B · pickle · 3 pickles safe');
  });

  test('search finds keys and values', async () => {
    const { page } = session;
    await openSample(page, 'sample.pkl');
    await page.click('#tab-value');
    await page.fill('#panel-value input[type=search]', 'loop');
    await page.press('#panel-value input[type=search]', 'Enter');
    assert.match((await page.textContent('.results')) ?? '', /^1 match for “loop”:\['recursive'\]\[0\] 'loop'/);
    await page.click('.results button.link');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'n-0-5.0');
  });

  test('a stream of several pickles lists each', async () => {
    const { page } = session;
    await openSample(page, 'stream.pkl');
    assert.equal(await page.textContent('#summary'), 'stream.pkl: 59 B · pickle · 3 pickles safe');
    const value = await panelText(page, 'value');
    assert.match(value, /pickle #0 dict len 1 \{'first': 1\}/);
    assert.match(value, /pickle #1 list len 2 \['second', 2\]/);
    assert.match(value, /pickle #2 str len 5 'third'/);
    const dis = await panelText(page, 'dis');
    assert.match(dis, /Pickle #1: bytes 21–47/);
    assert.match(dis, / {3}48: V {4}UNICODE {4}'third'/);
  });

  test('a gzip file is decompressed in the page', async () => {
    const { page } = session;
    await openSample(page, 'sample.pkl.gz');
    assert.equal(await page.textContent('#summary'), 'sample.pkl.gz: 205 B · gzip → pickle · 1 pickle safe');
    assert.match(await panelText(page, 'value'), /'name': str len 9 'picklejar'/);
  });

  test('bz2, xz, zstd and lz4 files are decompressed in the page', async () => {
    const { page } = session;
    for (const [file, size, codec] of [
      ['sample.pkl.bz2', 231, 'bz2'],
      ['sample.pkl.xz', 248, 'xz'],
      ['sample.pkl.zst', 202, 'zstd'],
      ['sample.pkl.lz4', 220, 'lz4'],
    ] as const) {
      await openSample(page, file);
      assert.equal(await page.textContent('#summary'), `${file}: ${size} B · ${codec} → pickle · 1 pickle safe`);
      assert.match(await panelText(page, 'value'), /'name': str len 9 'picklejar'/);
    }
  });

  test('a .npy file: the array in the Arrays view, nothing to disassemble', async () => {
    const { page } = session;
    await openSample(page, 'matrix.npy');
    assert.equal(await page.textContent('#summary'), 'matrix.npy: 140 B · npy · 0 pickles · 1 array safe');
    assert.equal(await page.getAttribute('#tab-arrays', 'aria-selected'), 'true');
    const arrays = await panelText(page, 'arrays');
    assert.match(arrays, /^NameKindShapeDtypeParametersBytesarraynumpy\.ndarray\(2, 3\)int16612 BTotal: 1 array612 B/);
    assert.match(arrays, /min1max6mean3\.5/);
    assert.match(await panelText(page, 'value'), /^Search array numpy\.ndarray shape \(2, 3\) int16 \[1, 2, 3, 4, 5, 6\]/);
    assert.equal(await panelText(page, 'dis'), 'This file holds no pickle (npy): there are no opcodes to show.Select a line to see its bytes.');
  });

  test('an .npz archive lists each member array', async () => {
    const { page } = session;
    await openSample(page, 'pair.npz');
    assert.equal(await page.textContent('#summary'), 'pair.npz: 532 B · npz · 0 pickles · 2 arrays safe');
    const arrays = await panelText(page, 'arrays');
    assert.match(arrays, /xnumpy\.ndarray\(5,\)float64540 B/);
    assert.match(arrays, /ynumpy\.ndarray\(2,\)bool22 B/);
    assert.match(arrays, /Total: 2 arrays742 B/);
  });

  test('a PyTorch checkpoint: the state dict as a table of tensors, data.pkl disassembled', async () => {
    const { page } = session;
    await openSample(page, 'model.pt');
    assert.equal(await page.textContent('#summary'), 'model.pt: 1.0 KiB · torch zip · 1 pickle safe');
    const arrays = await panelText(page, 'arrays');
    assert.match(arrays, /\['fc\.weight'\]torch\.Tensor\(2, 3\)torch\.float32624 B/);
    assert.match(arrays, /\['fc\.bias'\]torch\.Tensor\(2,\)torch\.float1624 B/);
    assert.match(arrays, /Total: 2 tensors|Total: 2 arrays828 B/);
    assert.match(arrays, /min0max5mean2\.5/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'arrays-torch.png') });
    const value = await panelText(page, 'value');
    assert.match(value, /'fc\.weight': torch\.Tensor shape \(2, 3\) torch\.float32 \[0, 1, 2, 3, 4, 5\]/);
    assert.match(value, /'fc\.bias': torch\.Tensor shape \(2,\) torch\.float16 \[0\.5, -0\.5\]/);
    // From the tree node to the Arrays tab, on that tensor.
    await page.click('#n-0-1 > .row .key');
    await page.click('#panel-value .details button.link >> text=Arrays tab');
    assert.equal(await page.isVisible('#panel-arrays'), true);
    assert.match((await page.textContent('.array-detail')) ?? '', /^\['fc\.bias'\]torch\.Tensor, shape \(2,\), dtype torch\.float16, 4 B/);
    assert.match((await page.textContent('.array-detail')) ?? '', /min-0\.5max0\.5mean0/);
    const dis = await panelText(page, 'dis');
    assert.match(dis, /^Pickle #0 in archive\/data\.pkl: bytes 0–/);
    assert.match(dis, /GLOBAL {5}'torch\._utils _rebuild_tensor_v2'/);
    assert.match(dis, /BINPERSID/);
    assert.match(await panelText(page, 'safety'), /^Safe/);
  });

  test('a legacy torch.save file: its five pickles, the object with its tensors', async () => {
    const { page } = session;
    await openSample(page, 'legacy.pt');
    assert.match((await page.textContent('#summary')) ?? '', /^legacy\.pt: 349 B · torch legacy · 5 pickles /);
    const value = await panelText(page, 'value');
    assert.match(value, /pickle #1 int 1001/);
    assert.match(value, /pickle #3 dict len 1 \{'w': /);
    assert.match(value, /'w': torch\.Tensor shape \(2,\) torch\.float32 \[1\.5, 2\.5\]/);
    assert.match(await panelText(page, 'arrays'), /\['w'\]torch\.Tensor\(2,\)torch\.float3228 B/);
    const dis = await panelText(page, 'dis');
    assert.match(dis, /Pickle #3: bytes 137–308/);
    assert.match(dis, /Pickle #4: bytes 309–332/);
  });

  test('a joblib file: arrays stored inside the pickle stream', async () => {
    const { page } = session;
    await openSample(page, 'model.joblib');
    assert.match((await page.textContent('#summary')) ?? '', /^model\.joblib: 282 B · joblib · 1 pickle /);
    assert.match(await panelText(page, 'arrays'), /\['coef'\]numpy\.ndarray\(3,\)float64324 B/);
    assert.match(await panelText(page, 'value'), /'model': str len 5 'ridge'/);
  });

  test('a pandas DataFrame as a paged table', async () => {
    const { page } = session;
    await openSample(page, 'frame.pkl');
    const tables = await panelText(page, 'tables');
    assert.match(tables, /^\(root\): DataFrame 120 × 3Show in the value tree‹ Previous rows 0–49 of 120 · page 1 of 3 Next ›/);
    const row = (n: number): Promise<string[]> => page.$$eval(`#panel-tables tbody tr:nth-child(${n}) > *`, (cells) => cells.map((c) => c.textContent ?? ''));
    assert.deepEqual(await page.$$eval('#panel-tables thead th', (cells) => cells.map((c) => c.textContent)), ['', 'id', 'score', 'name']);
    assert.deepEqual(await row(1), ['0', '0', '0.0', 'row0']);
    assert.deepEqual(await row(2), ['1', '1', '0.125', 'row1']);
    assert.equal(await page.locator('#panel-tables tbody tr').count(), 50);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'tables.png') });
    await page.click('#panel-tables .pager button:last-child');
    await page.click('#panel-tables .pager button:last-child');
    const last = (await page.textContent('#panel-tables')) ?? '';
    assert.match(last, /rows 100–119 of 120 · page 3 of 3/);
    assert.deepEqual(await row(20), ['119', '119', '14.875', 'row119']);
    assert.equal(await page.locator('#panel-tables tbody tr').count(), 20);
    assert.equal(await page.isDisabled('#panel-tables .pager button:last-child'), true);
    assert.match(await panelText(page, 'value'), /DataFrame 120 rows × 3 columns \['id', 'score', 'name'\]/);
  });

  test('a malicious pickle: the verdict first, the finding linked to its opcodes', async () => {
    const { page } = session;
    await openSample(page, 'malicious.pkl');
    assert.equal(await page.textContent('#summary'), 'malicious.pkl: 29 B · pickle · 1 pickle dangerous');
    const safety = await panelText(page, 'safety');
    assert.match(safety, /^Dangerous: loading this with Python’s pickle would call a callable outside the allowlist\. Do not load it\./);
    assert.match(safety, /critical call REDUCE calls os\.system.* \(os\.system\) import: GLOBAL at byte 0 call: REDUCE at byte 27/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'safety.png') });
    await page.click('.finding button.link >> nth=1');
    assert.equal(await page.getAttribute('#d-0-27', 'aria-selected'), 'true');
    // The value is shown inert: nothing ran.
    assert.match(await panelText(page, 'value'), /os\.system\(\) len|object|os\.system/);
  });

  test('a truncated file shows the loader’s error', async () => {
    const { page } = session;
    await openSample(page, 'truncated.pkl');
    const summary = (await page.textContent('#summary')) ?? '';
    assert.equal(summary, 'truncated.pkl: 204 B · pickle · 1 pickle errorUnpicklingError: pickle data was truncated at byte 2 (FRAME)');
    assert.match(await panelText(page, 'value'), /^SearchUnpicklingError: pickle data was truncated at byte 2 \(FRAME\)$/);
    assert.match(await panelText(page, 'safety'), /^Not checked completely: .*Scan stopped \(malformed\) at byte 2: pickle data was truncated/);
  });

  test('numpy arrays: shapes, dtypes, totals, statistics, histogram and heatmap', async () => {
    const { page } = session;
    await openSample(page, 'arrays.pkl');
    const arrays = await panelText(page, 'arrays');
    assert.match(arrays, /\['layer\.weight'\]numpy\.ndarray\(3, 4\)float321248 B/);
    assert.match(arrays, /\['layer\.bias'\]numpy\.ndarray\(3,\)float64324 B/);
    assert.match(arrays, /\['steps'\]numpy\.ndarray\(4,\)int64432 B/);
    assert.match(arrays, /Total: 3 arrays19104 B/);
    assert.match(arrays, /minmeanmax|min0max2\.75mean1\.375/);
    assert.equal(await page.locator('#panel-arrays canvas.histogram').count(), 1);
    assert.equal(await page.locator('#panel-arrays canvas.heatmap').count(), 1);
    // The heatmap's first and last cells are the smallest and largest value.
    const corners = await page.$eval('#panel-arrays canvas.heatmap', (c) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!;
      return [Array.from(ctx.getImageData(0, 0, 1, 1).data), Array.from(ctx.getImageData(3, 2, 1, 1).data)];
    });
    assert.deepEqual(corners, [
      [68, 1, 84, 255],
      [253, 231, 37, 255],
    ]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'arrays.png') });
    await page.click('#panel-arrays tbody tr:nth-child(2) button');
    assert.match((await page.textContent('.array-detail')) ?? '', /min-1\.5max2mean0\.333333/);
  });

  test('pasted base64 and hex open like files', async () => {
    const { page } = session;
    const bytes = readFileSync(join(FIXTURES, 'stream.pkl')).subarray(0, 21);
    await page.click('summary');
    await page.fill('#paste', Buffer.from(bytes).toString('base64'));
    await page.click('#paste-load');
    await page.waitForFunction(() => /pasted text: 21 B/.test(document.getElementById('summary')?.textContent ?? ''));
    assert.match(await panelText(page, 'value'), /dict len 1 \{'first': 1\}/);
    await page.fill('#paste', Buffer.from(gzipSync(bytes)).toString('hex').replace(/(..)/g, '$1 '));
    await page.click('#paste-load');
    await page.waitForFunction(() => /gzip → pickle/.test(document.getElementById('summary')?.textContent ?? ''));
    await page.fill('#paste', 'not base64!');
    await page.click('#paste-load');
    await page.waitForFunction(() => /UnpicklingError/.test(document.getElementById('summary')?.textContent ?? ''));
    assert.equal(await page.textContent('#summary'), 'pasted text: UnpicklingError: not base64 or hex: unexpected "!" at offset 10');
  });

  test('a large file is read as a stream with a progress bar', async () => {
    const { page } = session;
    const big = new Uint8Array(8 << 20);
    for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
    const path = join(SCREENSHOT_DIR, '..', 'web-large.pkl');
    writeFileSync(path, dumps([big, 'end'], { protocol: 4 }));
    await page.evaluate(() => {
      const w = window as unknown as { progressSteps: number };
      w.progressSteps = 0;
      new MutationObserver(() => w.progressSteps++).observe(document.querySelector('progress')!, { attributes: true, attributeFilter: ['value'] });
    });
    (await page.$('#file'))!.evaluate((el) => ((el as HTMLInputElement).value = ''));
    await page.setInputFiles('#file', path);
    await page.waitForFunction(() => /web-large\.pkl: 8\.0 MiB/.test(document.getElementById('summary')?.textContent ?? ''));
    assert.ok((await page.evaluate(() => (window as unknown as { progressSteps: number }).progressSteps)) >= 2);
    assert.equal(await page.isHidden('progress'), true);
    assert.match(await panelText(page, 'value'), /list len 2 \[b'\\x00/);
    assert.match(await panelText(page, 'safety'), /^Safe/);
  });

  test('the page made no network request and raised no error', () => {
    assert.deepEqual(session.blocked, []);
    assert.deepEqual(session.errors, []);
  });
});

describe('inspector page on a phone, in dark mode', { skip }, () => {
  test('fits a 375 px wide screen and uses dark colors', async () => {
    const session = await openPage(buildPage(join(SCREENSHOT_DIR, '..', 'web-page-phone')), { width: 375, height: 740, colorScheme: 'dark' });
    try {
      const { page } = session;
      await openSample(page, 'sample.pkl');
      await page.click('#tab-dis');
      await page.click('#d-0-21');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.equal(overflow, 0);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, 'rgb(15, 18, 23)');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'phone-dark.png'), fullPage: false });
      assert.deepEqual(session.blocked, []);
      assert.deepEqual(session.errors, []);
    } finally {
      await session.close();
    }
  });
});
