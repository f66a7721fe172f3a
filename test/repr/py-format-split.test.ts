// pyFormat cuts long strs and bytes as pprint does: compared live with CPython on seeded random layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pythonSkip } from '../helpers/python.js';
import { pyFormat } from '../../src/repr/index.js';
import { ByteArray, Tuple } from '../../src/values/index.js';

const skipLive = pythonSkip();

type Wire = { s: string } | { b: string } | { a: string } | { l: Wire[] } | { t: Wire[] } | { d: [string, Wire][] };

const DECODE = `
import json, pprint, sys
def dec(w):
    if 's' in w: return w['s']
    if 'b' in w: return bytes.fromhex(w['b'])
    if 'a' in w: return bytearray.fromhex(w['a'])
    if 'l' in w: return [dec(x) for x in w['l']]
    if 't' in w: return tuple(dec(x) for x in w['t'])
    return {k: dec(v) for k, v in w['d']}
out = [pprint.pformat(dec(c['v']), width=c['w'], indent=c['i'], sort_dicts=False) for c in json.load(sys.stdin)]
json.dump(out, sys.stdout)
`;

test('long strs and bytes split as pprint splits them, at every width, live', { skip: skipLive }, () => {
  let seed = 2024;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return Math.floor((seed / 4294967296) * n);
  };
  const PIECES = ['word', ' ', '  ', 'a', 'longerword', '\n', '\r\n', '\t', "'", '"', '\\', 'é', '\u3000', '\x0b', '😀', '\u2028', 'x'.repeat(25)];
  const text = (): string => {
    let s = '';
    const n = rand(30);
    for (let i = 0; i < n; i++) s += PIECES[rand(PIECES.length)];
    return s;
  };
  const hex = (): string => {
    let h = '';
    const n = rand(40);
    for (let i = 0; i < n; i++) h += (rand(4) === 0 ? rand(256) : 0x61 + rand(26)).toString(16).padStart(2, '0');
    return h;
  };
  const leaf = (): Wire => {
    const k = rand(6);
    return k < 3 ? { s: text() } : k < 5 ? { b: hex() } : { a: hex() };
  };
  const wire = (depth: number): Wire => {
    if (depth === 0 || rand(3) === 0) return leaf();
    const n = 1 + rand(3);
    const items = Array.from({ length: n }, () => wire(depth - 1));
    const k = rand(3);
    if (k === 0) return { l: items };
    if (k === 1) return { t: items };
    return { d: items.map((v, i) => [`k${i}`, v] as [string, Wire]) };
  };
  const decode = (w: Wire): unknown => {
    if ('s' in w) return w.s;
    if ('b' in w) return Uint8Array.from(Buffer.from(w.b, 'hex'));
    if ('a' in w) return ByteArray.fromBytes(Buffer.from(w.a, 'hex'));
    if ('l' in w) return w.l.map(decode);
    if ('t' in w) return new Tuple(w.t.map(decode));
    return new Map(w.d.map(([k, v]) => [k, decode(v)]));
  };
  const cases = Array.from({ length: 600 }, () => ({ v: wire(3), w: 1 + rand(60), i: 1 + rand(4) }));
  const run = spawnSync('python3', ['-c', DECODE], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const expected = JSON.parse(run.stdout) as string[];
  let same = 0;
  const wrong: string[] = [];
  cases.forEach((c, k) => {
    const got = pyFormat(decode(c.v), { width: c.w, indent: c.i });
    if (got === expected[k]) same++;
    else if (wrong.length < 3) wrong.push(`width ${c.w} indent ${c.i}:\n${got}\n--- CPython:\n${expected[k]}`);
  });
  assert.deepEqual(wrong, []);
  assert.equal(same, cases.length);
  // The corpus must exercise the cutting: many layouts continue a str or bytes literal on the next line.
  const cut = expected.filter((t) => /['"]\n *b?['"]/.test(t)).length;
  assert.ok(cut > 150, `only ${cut} layouts cut a literal`);
});
