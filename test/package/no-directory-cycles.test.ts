// The layers of src/ form a hierarchy: no directory imports, through any
// chain, a directory that imports it back. Files at the top of src/
// (errors.ts, opcodes.ts, index.ts) count as directories of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** A relative `import … from` / `export … from` (type-only ones included); group 1 is the specifier. */
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+['"](\.[^'"]+)['"]/g;

/** `src/wire/utf8.ts` → `wire`; `src/errors.ts` → `errors.ts`. */
function layerOf(file: string): string {
  return relative('src', file).split(sep)[0]!;
}

/** Layer → the layers it imports, each with one file that does it. */
function layerGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sources('src')) {
    const from = layerOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const target = resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts');
      const to = layerOf(relative('.', target));
      if (to !== from && !edges.has(to)) edges.set(to, file);
    }
    for (const m of text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const to = layerOf(relative('.', resolve(dirname(file), m[1]!)));
      if (to !== from && !edges.has(to)) edges.set(to, file);
    }
  }
  return graph;
}

/** Every cycle found by a depth-first search, as `a -> b -> a` with the importing files. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  // Iterative DFS: each frame is a layer and the iterator over its edges.
  for (const root of [...graph.keys()].sort()) {
    if (state.has(root)) continue;
    const stack: [string, Iterator<string>][] = [[root, [...(graph.get(root)?.keys() ?? [])].sort()[Symbol.iterator]()]];
    state.set(root, 'open');
    path.push(root);
    while (stack.length > 0) {
      const [layer, it] = stack[stack.length - 1]!;
      const next = it.next();
      if (next.done) {
        stack.pop();
        path.pop();
        state.set(layer, 'done');
        continue;
      }
      const to = next.value;
      if (state.get(to) === 'open') {
        const loop = [...path.slice(path.indexOf(to)), to];
        found.push(loop.map((l, i) => (i + 1 < loop.length ? `${l} (${graph.get(l)!.get(loop[i + 1]!)})` : l)).join(' -> '));
      } else if (!state.has(to)) {
        state.set(to, 'open');
        path.push(to);
        stack.push([to, [...(graph.get(to)?.keys() ?? [])].sort()[Symbol.iterator]()]);
      }
    }
  }
  return found;
}

/**
 * Edges that close a cycle today and are known: the containers read numpy and
 * torch values through the ML bindings, and the torch bindings read nested
 * torch files through the containers. Each is one direction of a two-way
 * import; the test drops these edges and still requires a cycle-free rest, so
 * any other cycle fails. Delete an entry when its edge goes.
 */
const KNOWN_EDGES: readonly (readonly [string, string])[] = [['containers', 'ml']];

test('no directory of src/ imports itself through another (known edges aside)', () => {
  const graph = layerGraph();
  for (const [from, to] of KNOWN_EDGES) graph.get(from)?.delete(to);
  assert.deepEqual(cycles(graph), []);
});

test('the cycle finder finds a cycle', () => {
  const graph = new Map([
    ['a', new Map([['b', 'src/a/x.ts']])],
    ['b', new Map([['c', 'src/b/y.ts']])],
    ['c', new Map([['a', 'src/c/z.ts']])],
  ]);
  assert.deepEqual(cycles(graph), ['a (src/a/x.ts) -> b (src/b/y.ts) -> c (src/c/z.ts) -> a']);
});

test('wire imports nothing above it', () => {
  const wire = layerGraph().get('wire')!;
  assert.deepEqual(
    [...wire.keys()].filter((to) => to !== 'errors.ts'),
    [],
  );
});

test('the two VMs and what they stand on import no bindings: the standard and ML types are injected', () => {
  const graph = layerGraph();
  for (const layer of ['unpickler', 'pickler', 'registry', 'values', 'wire', 'compat']) {
    const above = [...(graph.get(layer)?.keys() ?? [])].filter((to) => ['stdlib', 'ml', 'repr', 'typed-json', 'containers', 'codecs'].includes(to));
    assert.deepEqual(above, [], `${layer} imports ${above.join(', ')}`);
  }
});

/** Every source file `entry` reaches through static imports and re-exports (type-only ones included). */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      queue.push(relative('.', resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

test('picklejar/core (src/core.ts) reaches no standard or ML type, repr, typed JSON, codec or container', () => {
  const files = closure(join('src', 'core.ts'));
  assert.ok(files.has(join('src', 'unpickler', 'unpickler.ts')) && files.has(join('src', 'pickler', 'pickler.ts')), 'the core has both VMs');
  const above = [...files].filter((f) => ['stdlib', 'ml', 'repr', 'typed-json', 'codecs', 'containers', 'safety', 'node'].includes(layerOf(f)));
  assert.deepEqual(above, []);
});

test('code above the VMs loads and dumps through the default bindings (src/ml/default-*.ts), not the bare core VMs', () => {
  // The core's loads/dumps/Unpickler/Pickler/dumpChunks know only the built-ins: a
  // container or stream that imported them would silently stop loading numpy
  // arrays, datetimes, … Only the core's own entry points and the injecting wrappers may.
  const allowed = new Set([
    join('src', 'core.ts'),
    join('src', 'index.ts'),
    join('src', 'ml', 'default-unpickler.ts'),
    join('src', 'ml', 'default-pickler.ts'),
  ]);
  const found: string[] = [];
  for (const file of sources('src')) {
    if (allowed.has(file) || ['unpickler', 'pickler'].includes(layerOf(file))) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(import|export)\s+(?!type\b)\{([^}]*)\}\s*from\s+['"](\.[^'"]+)['"]/g)) {
      const target = relative('src', resolve(dirname(file), m[3]!))
        .split(sep)
        .join('/');
      if (!/^(unpickler\/(unpickler|index)|pickler\/(pickler|index))\.js$/.test(target)) continue;
      const names = m[2]!
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '' && !n.startsWith('type '));
      const vms = names.filter((n) => /^(loads|dumps|dumpChunks|Unpickler|Pickler)\b/.test(n));
      if (vms.length > 0) found.push(`${file}: ${vms.join(', ')} from ${target}`);
    }
  }
  assert.deepEqual(found, []);
});
