/**
 * Python 2 ⇄ Python 3 global names, as `fix_imports` applies them at protocol < 3.
 * Both directions follow pickle.py / _pickle.c exactly: the (module, name) table
 * first, and only when it has no entry, the module table.
 */
import { IMPORT_MAPPING, NAME_MAPPING, REVERSE_IMPORT_MAPPING, REVERSE_NAME_MAPPING } from './fix-imports-table.js';

/** A global's module and qualified name. */
export interface GlobalName {
  readonly module: string;
  readonly name: string;
}

type NameTable = ReadonlyMap<string, ReadonlyMap<string, GlobalName>>;

// Nested Maps rather than a joined string key: STACK_GLOBAL names may hold any
// character, so no separator is collision-free.
function buildNameTable(rows: readonly (readonly [string, string, string, string])[]): NameTable {
  const table = new Map<string, Map<string, GlobalName>>();
  for (const [fromModule, fromName, toModule, toName] of rows) {
    let inner = table.get(fromModule);
    if (inner === undefined) table.set(fromModule, (inner = new Map()));
    inner.set(fromName, Object.freeze({ module: toModule, name: toName }));
  }
  return table;
}

const FROM_PY2_NAMES = buildNameTable(NAME_MAPPING);
const FROM_PY2_MODULES: ReadonlyMap<string, string> = new Map(IMPORT_MAPPING);
const TO_PY2_NAMES = buildNameTable(REVERSE_NAME_MAPPING);
const TO_PY2_MODULES: ReadonlyMap<string, string> = new Map(REVERSE_IMPORT_MAPPING);

function mapName(names: NameTable, modules: ReadonlyMap<string, string>, module: string, name: string): GlobalName {
  const byName = names.get(module)?.get(name);
  if (byName !== undefined) return byName;
  const mappedModule = modules.get(module);
  if (mappedModule !== undefined) return { module: mappedModule, name };
  return { module, name };
}

/**
 * Maps a global written by Python 2 to its Python 3 name, as CPython's
 * `Unpickler.find_class` does when `fix_imports` is on and the protocol is < 3
 * (`NAME_MAPPING`, then `IMPORT_MAPPING`). Unknown names come back unchanged.
 * @param module the module as written in the pickle, e.g. `__builtin__`.
 * @param name the name as written, e.g. `unicode`.
 * @returns the Python 3 module and name, e.g. `builtins` / `str`.
 * @throws never.
 */
export function fromPython2(module: string, name: string): GlobalName {
  return mapName(FROM_PY2_NAMES, FROM_PY2_MODULES, module, name);
}

/**
 * Maps a Python 3 global to the name Python 2 knows it by, as CPython's
 * `Pickler.save_global` does when `fix_imports` is on and the protocol is < 3
 * (`REVERSE_NAME_MAPPING`, then `REVERSE_IMPORT_MAPPING`). Unknown names come back unchanged.
 * @param module the Python 3 module, e.g. `builtins`.
 * @param name the qualified name, e.g. `str`.
 * @returns the Python 2 module and name, e.g. `__builtin__` / `unicode`.
 * @throws never.
 */
export function toPython2(module: string, name: string): GlobalName {
  return mapName(TO_PY2_NAMES, TO_PY2_MODULES, module, name);
}
