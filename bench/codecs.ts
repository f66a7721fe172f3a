/**
 * Codec throughput beside Python's C codecs on the same data (run by hand:
 * `npx tsc -p tsconfig.test.json && node build/bench/codecs.js`; never in a
 * loop). Data: 10 MB of pickled floats, 10 MB of random bytes, 10 MB of
 * text. For each codec, Python compresses (that file is what both sides
 * decompress), then each side times decompression, and compression where
 * picklejar compresses for real (bz2, gzip). MB/s are of uncompressed bytes,
 * best of 3. Python: PICKLEJAR_ML_PYTHON or /usr/bin/python3 (needs
 * zstandard for zstd).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compress, decompress } from '../src/codecs/index.js';

const PYTHON = process.env['PICKLEJAR_ML_PYTHON'] ?? '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'picklejar-codecs-'));

const PY = String.raw`
import bz2, gzip, lzma, os, pickle, random, sys, time
d = sys.argv[1]
random.seed(7)
data = {
  'floats': pickle.dumps([random.random() for _ in range(1_120_000)], protocol=4)[:10_000_000],
  'random': os.urandom(10_000_000),
  'text': (' '.join(random.choice(['spam', 'eggs', 'ham', 'pickle', 'jar', 'numpy', 'float', 'tuple', str(random.randint(0, 999))]) for _ in range(2_000_000))).encode()[:10_000_000],
}
codecs = {'gzip': (gzip.compress, gzip.decompress), 'bz2': (bz2.compress, bz2.decompress), 'xz': (lzma.compress, lzma.decompress)}
try:
    import zstandard
    codecs['zstd'] = (lambda b: zstandard.ZstdCompressor(level=3, write_checksum=True).compress(b), lambda b: zstandard.ZstdDecompressor().decompress(b))
except ImportError:
    pass
def best(f, *a):
    t = []
    for _ in range(3):
        s = time.perf_counter(); f(*a); t.append(time.perf_counter() - s)
    return min(t)
for name, raw in data.items():
    open(os.path.join(d, name), 'wb').write(raw)
    for codec, (c, dc) in codecs.items():
        packed = c(raw)
        open(os.path.join(d, name + '.' + codec), 'wb').write(packed)
        print(name, codec, len(packed), best(c, raw), best(dc, packed))
`;

function best(f: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, (performance.now() - t) / 1000);
  }
  return min;
}

const py = spawnSync(PYTHON, ['-c', PY, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
if (py.status !== 0) {
  console.error(`${PYTHON} failed: ${py.stderr}`);
  process.exit(1);
}
const mb = (n: number, s: number): string => (n / 1e6 / s).toFixed(1).padStart(7);
console.log('data     codec  ratio   | decompress MB/s: JS   Python | compress MB/s: JS   Python');
for (const line of py.stdout.trim().split('\n')) {
  const [name, codec, size, pyC, pyD] = line.split(' ') as [string, 'gzip' | 'bz2' | 'xz' | 'zstd', string, string, string];
  const raw = new Uint8Array(readFileSync(join(dir, name)));
  const packed = new Uint8Array(readFileSync(join(dir, `${name}.${codec}`)));
  const limits = { maxRatio: 1e9 };
  const out = decompress(packed, { codec, limits });
  if (out.length !== raw.length || Buffer.compare(Buffer.from(out), Buffer.from(raw)) !== 0) throw new Error(`${name}.${codec}: wrong output`);
  const jsD = best(() => decompress(packed, { codec, limits }));
  const realEncoder = codec === 'bz2' || codec === 'gzip';
  const jsC = realEncoder
    ? mb(
        raw.length,
        best(() => compress(raw, codec)),
      )
    : '  stored';
  console.log(
    `${name.padEnd(8)} ${codec.padEnd(5)} ${(raw.length / Number(size)).toFixed(2).padStart(6)}  |                 ${mb(raw.length, jsD)} ${mb(raw.length, Number(pyD))} |              ${jsC} ${mb(raw.length, Number(pyC))}`,
  );
}
rmSync(dir, { recursive: true, force: true });
