/**
 * The symbolic values the scanner's machine pushes instead of real ones. They
 * record only what matters to safety: which global a value is, whether a call
 * result is an instance of an allowlisted class, the text of str constants
 * (STACK_GLOBAL and getattr operands) and the position of bytes constants
 * (nested pickles).
 */
import type { AllowEntry, CallRule } from './allowlist.js';
import type { GlobalNames } from './report.js';
import type { CodeSummary } from './code-objects/code-summary.js';

/** One import of a global by GLOBAL, STACK_GLOBAL, INST or a getattr on a global. */
export interface GlobalRecord extends GlobalNames {
  /** The allowlist's rule for the mapped name, or undefined when it is not allowlisted. */
  readonly rule: CallRule | undefined;
  /** The allowlist entry (library and reason), when allowlisted. */
  readonly entry: AllowEntry | undefined;
  /** Offset of the opcode that imported it. */
  readonly importOffset: number;
  /** True once a critical finding reported a call of it (so no separate "never called" finding). */
  called: boolean;
}

/** A value on the symbolic stack or in the memo. */
export type Sym =
  | { readonly t: 'str'; readonly value: string }
  | { readonly t: 'bytes'; readonly offset: number; readonly data?: Uint8Array }
  /** An int whose value the machine decoded (small constants: sizes, memo indexes). */
  | { readonly t: 'int'; readonly value: number | bigint }
  | { readonly t: 'prim'; readonly type: string; readonly keys?: string[] }
  | { readonly t: 'tuple'; readonly items: readonly Sym[] }
  | { readonly t: 'global'; readonly g: GlobalRecord }
  | { readonly t: 'dynamic'; readonly offset: number; readonly what: string }
  | { readonly t: 'ext'; readonly code: number; readonly offset: number }
  | { readonly t: 'pid'; readonly offset: number }
  /** The result of a call; `safe` when it is an instance of an allowlisted class built by allowlisted code. */
  | {
      readonly t: 'obj';
      readonly safe: boolean;
      readonly offset: number;
      readonly what: string;
      readonly dtype?: DtypeInfo;
      readonly code?: CodeSummary;
      readonly via?: readonly string[];
    };

/** What joblib needs of a numpy dtype to skip the raw array bytes it writes after a wrapper. */
export interface DtypeInfo {
  /** The descriptor `numpy.dtype` was called with (`f8`, `U3`, `V12`, `O8`). */
  readonly descr: string;
  /** Element size from the dtype's BUILD state (flexible and structured dtypes), else from `descr`. */
  itemsize?: number;
  /** The NPY_ITEM_REFCOUNT flag of the BUILD state, or an `O` descriptor. */
  hasobject?: boolean;
}

const prims = new Map<string, Sym>();

/**
 * The shared symbol for an inert primitive or container (`int`, `list`, `dict`, …).
 * @throws never.
 */
export function prim(type: string): Sym {
  let s = prims.get(type);
  if (s === undefined) prims.set(type, (s = Object.freeze({ t: 'prim', type }) as Sym));
  return s;
}

/**
 * `module.name` as Python prints it.
 * @throws never.
 */
export function dotted(names: { readonly module: string; readonly name: string }): string {
  return `${names.module}.${names.name}`;
}

/**
 * A short description of a symbol for messages.
 * @throws never.
 */
export function describe(s: Sym): string {
  switch (s.t) {
    case 'str':
      return `str ${JSON.stringify(s.value.length > 60 ? s.value.slice(0, 60) + '…' : s.value)}`;
    case 'bytes':
      return 'bytes';
    case 'int':
      return `int ${s.value}`;
    case 'prim':
      return s.type;
    case 'tuple':
      return `tuple of ${s.items.length}`;
    case 'global':
      return dotted(s.g.mapped);
    case 'dynamic':
      return `${s.what} (at byte ${s.offset})`;
    case 'ext':
      return `extension code ${s.code} (at byte ${s.offset})`;
    case 'pid':
      return `persistent object (at byte ${s.offset})`;
    case 'obj':
      return `${s.what} (at byte ${s.offset})`;
  }
}
