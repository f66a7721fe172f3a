// The package as npm users meet it: built into a scratch node_modules/picklejar
// (package.json + dist, as `npm pack` ships them), then used from CommonJS,
// from ES modules, and from TypeScript with `strict`, no DOM lib and no skipLibCheck.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const ROOT = process.cwd();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  bin: Record<string, string>;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
};
let scratch = '';

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'picklejar-consumer-'));
  const home = join(scratch, 'node_modules', 'picklejar');
  mkdirSync(home, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(home, 'package.json'));
  // The runtime dependencies, as npm would install them beside the package.
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    const target = join(scratch, 'node_modules', dep);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), target, 'dir');
  }
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', join(home, 'dist')],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function run(file: string, text: string): string {
  writeFileSync(join(scratch, file), text);
  const r = spawnSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** [major, minor] of a Node version string. */
function version(v: string): [number, number] {
  const [major, minor] = v.replace(/^v/, '').split('.').map(Number);
  return [major!, minor!];
}

test('engines admits exactly the Node versions that require() an ES module unflagged (20.19+, 22.12+)', () => {
  assert.equal(pkg.engines.node, '^20.19.0 || >=22.12.0');
  const [major, minor] = version(process.version);
  const admitted = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;
  assert.ok(admitted, `this Node (${process.version}) is outside engines`);
});

test("require('picklejar') works from CommonJS", () => {
  const out = run(
    'use.cjs',
    `const { loads, dumps, Tuple, UnpicklingError } = require('picklejar');
const { dis } = require('picklejar/tools');
const bytes = dumps(new Tuple([1, 'a']), { protocol: 2 });
const back = loads(bytes);
let name = '';
try { loads(new Uint8Array([0x80])); } catch (e) { name = e instanceof UnpicklingError ? e.name : 'other'; }
console.log(JSON.stringify([Buffer.from(bytes).toString('hex'), back instanceof Tuple, [...back], name, dis(bytes).split('\\n').length]));
`,
  );
  assert.deepEqual(JSON.parse(out), ['80024b0158010000006171008671012e', true, [1, 'a'], 'UnpicklingError', 9]);
});

test("import 'picklejar' works from an ES module, and shares classes with require()", () => {
  const out = run(
    'use.mjs',
    `import { createRequire } from 'node:module';
import { Tuple, loads, dumps } from 'picklejar';
const required = createRequire(import.meta.url)('picklejar');
console.log(JSON.stringify([required.Tuple === Tuple, loads(dumps([1.5])).length]));
`,
  );
  assert.deepEqual(JSON.parse(out), [true, 1]);
});

test("'picklejar/core' loads with the built-ins only; 'picklejar' injects the standard types into the same VMs", () => {
  const out = run(
    'core.mjs',
    `import { loads as coreLoads, dumps as coreDumps, Unpickler as CoreUnpickler, PyObject, Tuple } from 'picklejar/core';
import { loads, Unpickler, OrderedDict, standardTypes } from 'picklejar';
// pickle.dumps(collections.OrderedDict(a=1), protocol=2)
const bytes = Uint8Array.from(Buffer.from('800263636f6c6c656374696f6e730a4f726465726564446963740a71002952710158010000006171024b01732e', 'hex'));
const inert = coreLoads(bytes);
const cls = inert.cls;
console.log(JSON.stringify([
  inert instanceof PyObject && cls.module + '.' + cls.name,
  loads(bytes) instanceof OrderedDict,
  coreLoads(bytes, { registry: standardTypes }) instanceof OrderedDict,
  new Unpickler(bytes) instanceof CoreUnpickler && new Unpickler(bytes).load() instanceof OrderedDict,
  Buffer.from(coreDumps(inert, { protocol: 2 })).equals(bytes),
  coreLoads(coreDumps(new Tuple([1]))) instanceof Tuple,
]));
`,
  );
  assert.deepEqual(JSON.parse(out), ['collections.OrderedDict', true, true, true, true, true]);
});

/** Every .d.ts reachable from the package's entry points through `export ... from` (what users see). */
function publicDeclarations(dist: string): string[] {
  const seen = new Set<string>();
  const queue = ['index.d.ts', 'core.d.ts', 'tools/index.d.ts', 'node/index.d.ts'].map((f) => join(dist, f));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^export\b[^;]*?\bfrom\s+'(\.[^']+)\.js'/gm)) {
      queue.push(join(dirname(file), m[1]! + '.d.ts'));
    }
  }
  return [...seen].sort();
}

test('the public classes show no private members in their declarations', () => {
  const dist = join(scratch, 'node_modules', 'picklejar', 'dist');
  const names = new Set(
    JSON.parse(
      run(
        'names.mjs',
        `const names = [];
for (const entry of ['picklejar', 'picklejar/core', 'picklejar/tools', 'picklejar/node']) names.push(...Object.keys(await import(entry)));
console.log(JSON.stringify(names));
`,
      ),
    ) as string[],
  );
  const files = publicDeclarations(dist);
  assert.ok(files.length > 50, `only ${files.length} public declaration files found`);
  const found: string[] = [];
  let classes = 0;
  for (const file of files) {
    const rel = file.slice(dist.length + 1);
    // A class body runs from its `declare class` line to the next line that is just `}`.
    let current: string | undefined;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const start = /^(?:export )?declare (?:abstract )?class (\w+)/.exec(line);
      if (start !== null) {
        current = names.has(start[1]!) ? start[1] : undefined;
        if (current !== undefined) classes++;
      } else if (line === '}') current = undefined;
      else if (current !== undefined && /^\s*private\s|@internal/.test(line)) found.push(`${rel}: ${current}: ${line.trim()}`);
    }
  }
  assert.ok(classes > 40, `only ${classes} public classes found`);
  assert.deepEqual(found, []);
});

test('every type a public signature uses is exported, from the entry that uses it', () => {
  writeFileSync(
    join(scratch, 'types.ts'),
    `import type { BytesLike, DefaultBindings, UnpicklerOptions, UnpicklerLimits, GlobalRef, PicklerOptions, PickleProtocol, HookResult,
  LoadBinding, LoadRegistry, DumpRegistry, ReduceValue, ExtensionTable, TypedValue, FloatSlots, TypedArrayClass, DTypeInfo, DecodedIndex,
  ColumnValues, CodeSummary, Finding, ScanOptions, ScanReport } from 'picklejar';
import type { OpcodeInfo, ArgKind, ArgKindInfo, StackItem, OpToken, GenopsOptions, DisOptions, DisMemo } from 'picklejar/tools';
import type { Command, OptionSpec, ParsedArgs, CliIo, CliOutput, NodeInput, LoadFileOptions, DumpFileOptions } from 'picklejar/node';
import type { DefaultBindings as CoreBindings, UnpicklerOptions as CoreLoadOptions, PicklerOptions as CoreDumpOptions, PickleProtocol as CoreProtocol } from 'picklejar/core';
import { COMMANDS } from 'picklejar/node';
const commands: readonly Command[] = COMMANDS;
const spec: OptionSpec | undefined = commands[0]?.options[0];
export type All = [BytesLike, DefaultBindings, UnpicklerOptions, UnpicklerLimits, GlobalRef, PicklerOptions, PickleProtocol, HookResult,
  LoadBinding, LoadRegistry, DumpRegistry, ReduceValue, ExtensionTable, TypedValue, FloatSlots, TypedArrayClass, DTypeInfo, DecodedIndex,
  ColumnValues, CodeSummary, Finding, ScanOptions, ScanReport, OpcodeInfo, ArgKind, ArgKindInfo, StackItem, OpToken, GenopsOptions,
  DisOptions, DisMemo, Command, OptionSpec, ParsedArgs, CliIo, CliOutput, NodeInput, LoadFileOptions, DumpFileOptions, CoreBindings,
  CoreLoadOptions, CoreDumpOptions, CoreProtocol];
export const used: unknown = spec;
`,
  );
  writeFileSync(
    join(scratch, 'tsconfig.types.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022'],
        noEmit: true,
        skipLibCheck: false,
        // picklejar/node's declarations use Node's types, as its users have them.
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files: ['types.ts'],
    }),
  );
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(scratch, 'tsconfig.types.json')], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('no public declaration names a type the entry points do not export', () => {
  const dist = join(scratch, 'node_modules', 'picklejar', 'dist');
  const entries = ['index.d.ts', 'core.d.ts', 'tools/index.d.ts', 'node/index.d.ts'].map((f) => join(dist, f));
  const program = ts.createProgram(entries, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
  });
  const checker = program.getTypeChecker();
  const real = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const exported = new Set<ts.Symbol>();
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const s of checker.getExportsOfModule(module)) exported.add(real(s));
  }
  const missing = new Set<string>();
  // Iterative walk over the declarations of every exported symbol; private members are not part of the API.
  const stack: [ts.Node, string][] = [];
  for (const s of exported) for (const d of s.declarations ?? []) if (d.getSourceFile().fileName.startsWith(dist)) stack.push([d, s.name]);
  while (stack.length > 0) {
    const [node, owner] = stack.pop()!;
    if (ts.canHaveModifiers(node) && (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Private) !== 0) continue;
    const name = ts.isTypeReferenceNode(node)
      ? node.typeName
      : ts.isExpressionWithTypeArguments(node)
        ? node.expression
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : undefined;
    const symbol = name === undefined ? undefined : checker.getSymbolAtLocation(name);
    if (symbol !== undefined) {
      const target = real(symbol);
      const decl = target.declarations?.[0];
      if (decl !== undefined && !(target.flags & ts.SymbolFlags.TypeParameter) && decl.getSourceFile().fileName.startsWith(dist) && !exported.has(target)) {
        missing.add(`${target.name} (${decl.getSourceFile().fileName.slice(dist.length + 1)}), used by ${owner}`);
      }
    }
    ts.forEachChild(node, (child) => {
      stack.push([child, owner]);
    });
  }
  assert.deepEqual([...missing].sort(), []);
});

test('the bin path is in the form npm publishes (no ./ prefix)', () => {
  assert.deepEqual(pkg.bin, { picklejar: 'dist/node/cli.js' });
});

test('the .d.ts compile under strict with lib ES2022 only, no types and no skipLibCheck', () => {
  writeFileSync(
    join(scratch, 'consumer.ts'),
    `import { loads, dumps, Tuple, sign, verify, scan, type SigningKey, type BytesLike, type PicklerOptions, type PickleProtocol, PICKLE_PROTOCOLS } from 'picklejar';
import { dis, genops, type OpcodeInfo } from 'picklejar/tools';
import { loads as coreLoads, type DefaultBindings } from 'picklejar/core';
const key: SigningKey = new Uint8Array(32);
const input: BytesLike = new ArrayBuffer(0);
const options: PicklerOptions = { protocol: 5 };
const t: Tuple<number> = new Tuple([1]);
const first: number | undefined = t[0];
// @ts-expect-error a Tuple is read-only in its type, as it is frozen at run time
t.push(2);
const protocol: PickleProtocol = -1;
// @ts-expect-error 7 is not a pickle protocol (the exact union 0-5 | -1)
const tooHigh: PickleProtocol = 7;
const every: readonly PickleProtocol[] = PICKLE_PROTOCOLS;
const ok: boolean = t instanceof Tuple && Tuple.of(1, 2).length === 2;
const none: DefaultBindings = { forLoad: () => undefined, forDump: () => undefined };
export const used: unknown[] = [loads, dumps, sign, verify, scan, dis, key, input, options, first, protocol, tooHigh, every, ok, coreLoads(input, {}, none)];
export function names(data: Uint8Array): string[] {
  const out: string[] = [];
  for (const token of genops(data)) {
    const info: OpcodeInfo = token.op;
    out.push(info.name);
  }
  return out;
}
`,
  );
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022'],
        types: [],
        noEmit: true,
        skipLibCheck: false,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
      },
      files: ['consumer.ts'],
    }),
  );
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', scratch], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
