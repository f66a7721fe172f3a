/**
 * What a pickled code object would define: dill's `_create_code(...)` and
 * `types.CodeType(...)` arguments (Python 3.8–3.12 layouts), decoded from the
 * scanner's symbols into the function's name, its string constants, and the
 * globals, attributes, imports and dotted references its bytecode uses
 * (nested code objects in its constants included), so a finding can say
 * "defines function f, whose code uses os.system".
 */
import { dangerReason } from '../denylist.js';
import type { Sym } from '../symbols.js';
import { guess311or312, readBytecode } from './bytecode.js';

/** A decoded code object. */
export interface CodeSummary {
  /** `co_name` (and `co_qualname` from 3.11). */
  readonly name: string;
  readonly qualname?: string;
  readonly filename?: string;
  /** The CPython 3 minor version whose layout the arguments have (8–12). */
  readonly python: string;
  /** `co_names`, `co_varnames` and string constants, as written. */
  readonly names: readonly string[];
  readonly varnames: readonly string[];
  readonly constants: readonly string[];
  /** What the bytecode (and nested code objects') reads and imports. */
  readonly globals: readonly string[];
  readonly attributes: readonly string[];
  readonly imports: readonly string[];
  readonly references: readonly string[];
  /** References and imports that are known code-execution primitives, with the reason. */
  readonly dangerous: readonly string[];
}

const MAX = 64;

function strings(s: Sym | undefined): (string | undefined)[] {
  if (s?.t !== 'tuple') return [];
  return s.items.slice(0, 4096).map((i) => (i.t === 'str' ? i.value : undefined));
}

function bytesOf(s: Sym | undefined): Uint8Array | undefined {
  if (s?.t === 'bytes') return s.data;
  return undefined;
}

function merge(into: string[], from: readonly string[]): void {
  for (const x of from) if (into.length < MAX && !into.includes(x)) into.push(x);
}

/**
 * Decodes the arguments of `types.CodeType(...)` or `dill._dill._create_code(...)`.
 * @param args the call's argument symbols.
 * @param nested the summaries of code objects among the constants, by symbol.
 * @returns the summary, or undefined when the layout is not one of 3.8–3.12's.
 * @throws never.
 */
export function summarizeCode(args: readonly Sym[], nested: (s: Sym) => CodeSummary | undefined): CodeSummary | undefined {
  let a = args;
  // dill >= 0.3.6 puts co_lnotab first (bytes) when it is stored; the fields follow.
  if (a.length > 0 && a[0]!.t !== 'int' && a[0]!.t !== 'prim') a = a.slice(1);
  let minor: number;
  let at: { code: number; consts: number; names: number; varnames: number; filename: number; name: number; qualname?: number };
  if (a.length === 18) {
    const code = bytesOf(a[6]);
    minor = code !== undefined ? guess311or312(code) : 11;
    at = { code: 6, consts: 7, names: 8, varnames: 9, filename: 10, name: 11, qualname: 12 };
  } else if (a.length === 16) {
    minor = 10;
    at = { code: 6, consts: 7, names: 8, varnames: 9, filename: 10, name: 11 };
  } else if (a.length === 15) {
    minor = 7;
    at = { code: 5, consts: 6, names: 7, varnames: 8, filename: 9, name: 10 };
  } else {
    return undefined;
  }
  const names = strings(a[at.names]);
  const code = bytesOf(a[at.code]);
  const read = code !== undefined ? readBytecode(code, names, minor) : { globals: [], attributes: [], imports: [], references: [] };
  const constants: string[] = [];
  const globals = [...read.globals];
  const attributes = [...read.attributes];
  const imports = [...read.imports];
  const references = [...read.references];
  const consts = a[at.consts];
  if (consts?.t === 'tuple') {
    for (const c of consts.items.slice(0, 4096)) {
      if (c.t === 'str' && constants.length < MAX) constants.push(c.value.length > 80 ? c.value.slice(0, 80) + '…' : c.value);
      const inner = nested(c);
      if (inner !== undefined) {
        merge(globals, inner.globals);
        merge(attributes, inner.attributes);
        merge(imports, inner.imports);
        merge(references, inner.references);
      }
    }
  }
  const dangerous: string[] = [];
  for (const ref of [...imports, ...references, ...globals.map((g) => `builtins.${g}`)]) {
    const dot = ref.lastIndexOf('.');
    const reason = dot > 0 ? dangerReason(ref.slice(0, dot), ref.slice(dot + 1)) : dangerReason(ref, '');
    if (reason !== undefined && dangerous.length < MAX) dangerous.push(`${ref.startsWith('builtins.') ? ref.slice(9) : ref} (${reason})`);
  }
  // `__import__('subprocess')`, getattr(obj, 'system'): string constants that name dangerous modules count too.
  for (const c of constants) {
    const reason = /^[A-Za-z_][\w.]*$/.test(c) ? dangerReason(c, '') : undefined;
    if (reason !== undefined && dangerous.length < MAX) dangerous.push(`'${c}' (a string constant naming a module that ${reason.replace(/^runs/, 'runs')})`);
  }
  const text = (s: Sym | undefined): string | undefined => (s?.t === 'str' ? s.value : undefined);
  const qualname = at.qualname !== undefined ? text(a[at.qualname]) : undefined;
  const filename = text(a[at.filename]);
  return {
    name: text(a[at.name]) ?? '?',
    ...(qualname !== undefined ? { qualname } : {}),
    ...(filename !== undefined ? { filename } : {}),
    python: minor === 11 || minor === 12 ? `3.${minor}` : minor === 10 ? '3.8-3.10' : '3.7',
    names: names.filter((n): n is string => n !== undefined).slice(0, MAX),
    varnames: strings(a[at.varnames])
      .filter((n): n is string => n !== undefined)
      .slice(0, MAX),
    constants,
    globals,
    attributes,
    imports,
    references,
    dangerous,
  };
}

/**
 * One sentence for a finding: what the code object defines and what it reaches.
 * @throws never.
 */
export function describeCode(c: CodeSummary): string {
  const uses = c.dangerous.length > 0 ? `; its code uses ${c.dangerous.join(', ')}` : '';
  const reach = [...c.imports.map((i) => `import ${i}`), ...c.references].slice(0, 8);
  return `code object \`${c.qualname ?? c.name}\` (Python ${c.python}${c.filename ? `, ${c.filename}` : ''}) whose bytecode uses ${reach.length ? reach.join(', ') : 'no dotted globals'}${c.globals.length ? `; globals ${c.globals.slice(0, 8).join(', ')}` : ''}${uses}`;
}
