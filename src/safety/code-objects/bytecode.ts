/**
 * Reads CPython bytecode (3.8–3.12 wordcode: one opcode byte, one argument
 * byte, EXTENDED_ARG prefixes; 3.11+ inline caches read as harmless
 * `CACHE` words) for the names it uses: globals, attributes, imports, and the
 * dotted references a chain of them makes (`os.system`, also through a local
 * that holds an imported module). Opcode numbers are stable across these
 * versions for the ones read here; where 3.11 and 3.12 differ (the low bit
 * of LOAD_ATTR's argument), the caller says which version the code is.
 */

/** What one code object's bytecode uses. */
export interface BytecodeNames {
  /** Names read or written as globals (LOAD_GLOBAL, LOAD_NAME, STORE_GLOBAL, STORE_NAME). */
  readonly globals: string[];
  /** Attribute names (LOAD_ATTR, LOAD_METHOD, STORE_ATTR, DELETE_ATTR). */
  readonly attributes: string[];
  /** Modules imported (IMPORT_NAME), and `module.name` for IMPORT_FROM. */
  readonly imports: string[];
  /** Dotted references: a global or imported module followed by its attributes (`os.system`). */
  readonly references: string[];
}

const OP = {
  STORE_NAME: 90,
  STORE_ATTR: 95,
  DELETE_ATTR: 96,
  STORE_GLOBAL: 97,
  LOAD_NAME: 101,
  LOAD_ATTR: 106,
  IMPORT_NAME: 108,
  IMPORT_FROM: 109,
  LOAD_GLOBAL: 116,
  LOAD_FAST: 124,
  STORE_FAST: 125,
  EXTENDED_ARG: 144,
  LOAD_METHOD: 160,
  CACHE: 0,
  PRECALL: 166,
  CALL: 171,
} as const;

/** The most names kept per list: enough for a finding, bounded for hostile code. */
const MAX_NAMES = 64;

function push(list: string[], name: string | undefined): void {
  if (name !== undefined && list.length < MAX_NAMES && !list.includes(name)) list.push(name);
}

/** Opcodes 3.12 has and 3.11 does not (END_FOR, RETURN_CONST, LOAD_FAST_CHECK, LOAD_SUPER_ATTR, LOAD_FAST_AND_CLEAR). */
const ONLY_312 = new Set([4, 121, 127, 141, 143]);

/**
 * Tells 3.11 from 3.12 for the 18-field code layout they share: 3.11 writes
 * PRECALL and LOAD_METHOD, 3.12 opcodes 3.11 lacks (a function returning None
 * ends with RETURN_CONST). With neither, 3.11.
 * @throws never.
 */
export function guess311or312(code: Uint8Array): 11 | 12 {
  for (let i = 0; i + 1 < code.length; i += 2) {
    const op = code[i]!;
    if (op === OP.PRECALL || op === OP.LOAD_METHOD) return 11;
    if (ONLY_312.has(op)) return 12;
  }
  return 11;
}

/**
 * The names `code` uses, `names` being its `co_names`.
 * @param minor the Python 3 minor version of the layout (8–12).
 * @throws never: arguments out of range are skipped.
 */
export function readBytecode(code: Uint8Array, names: readonly (string | undefined)[], minor: number): BytecodeNames {
  const out: BytecodeNames = { globals: [], attributes: [], imports: [], references: [] };
  // The dotted chain being built, and locals that hold an imported module.
  let chain: string | undefined;
  let lastImport: string | undefined;
  const moduleLocals = new Map<number, string>();
  const moduleNames = new Map<string, string>();
  let ext = 0;
  for (let i = 0; i + 1 < code.length; i += 2) {
    const op = code[i]!;
    const arg = (ext << 8) | code[i + 1]!;
    if (op === OP.EXTENDED_ARG) {
      ext = arg;
      continue;
    }
    ext = 0;
    if (op === OP.CACHE) continue;
    const closeChain = (): void => {
      if (chain !== undefined && chain.includes('.')) push(out.references, chain);
      chain = undefined;
    };
    switch (op) {
      case OP.LOAD_GLOBAL: {
        closeChain();
        const name = names[minor >= 11 ? arg >> 1 : arg];
        push(out.globals, name);
        chain = name === undefined ? undefined : (moduleNames.get(name) ?? name);
        break;
      }
      case OP.LOAD_NAME: {
        closeChain();
        const name = names[arg];
        push(out.globals, name);
        chain = name === undefined ? undefined : (moduleNames.get(name) ?? name);
        break;
      }
      case OP.STORE_GLOBAL:
      case OP.STORE_NAME:
        closeChain();
        push(out.globals, names[arg]);
        // `import os as o` at module level: later uses of `o` are uses of os.
        if (lastImport !== undefined && names[arg] !== undefined) moduleNames.set(names[arg]!, lastImport);
        lastImport = undefined;
        break;
      case OP.LOAD_ATTR:
      case OP.LOAD_METHOD: {
        const name = names[op === OP.LOAD_ATTR && minor >= 12 ? arg >> 1 : arg];
        push(out.attributes, name);
        if (chain !== undefined && name !== undefined) chain = `${chain}.${name}`;
        break;
      }
      case OP.STORE_ATTR:
      case OP.DELETE_ATTR:
        closeChain();
        push(out.attributes, names[arg]);
        break;
      case OP.IMPORT_NAME:
        closeChain();
        push(out.imports, names[arg]);
        lastImport = names[arg];
        chain = names[arg];
        break;
      case OP.IMPORT_FROM:
        if (lastImport !== undefined && names[arg] !== undefined) push(out.imports, `${lastImport}.${names[arg]}`);
        break;
      case OP.STORE_FAST:
        closeChain();
        if (lastImport !== undefined) moduleLocals.set(arg, lastImport);
        else moduleLocals.delete(arg);
        lastImport = undefined;
        break;
      case OP.LOAD_FAST:
        closeChain();
        chain = moduleLocals.get(arg);
        break;
      default:
        // Calls and everything else end a chain: `os.system(...)` is recorded as os.system.
        closeChain();
        if (op !== OP.IMPORT_FROM) lastImport = op === OP.PRECALL || op === OP.CALL ? undefined : lastImport;
    }
  }
  if (chain !== undefined && chain.includes('.')) push(out.references, chain);
  return out;
}
