/**
 * Typed JSON of values that are not the value model's own types: instances of
 * registered classes (datetime, Decimal, Counter, OrderedDict, deque, …) and
 * registered functions. They are written as the pickler writes them — the
 * registry's reduction, as an inert `$object` (or a `$global`) — so decoding
 * gives an inert object that `dumps` writes to the same bytes.
 */
import type { DumpRegistry, ReduceValue } from '../registry/contract.js';
import { defaultDumpTypes } from '../ml/ml-types.js';
import type { PickleProtocol } from '../pickler/options.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';
import { slotsToPairs } from '../values/float-slots.js';
import { VALUE_MODEL_PROTOTYPES } from '../values/own-prototypes.js';

/** Options of `toTypedJson`. */
export interface TypedJsonEncodeOptions {
  /** Reductions for instances of your classes, asked first (as `dumps` asks it). */
  readonly registry?: DumpRegistry;
  /** Ask picklejar's standard types for theirs. Default true, as `dumps`. */
  readonly standardTypes?: boolean;
  /** Ask picklejar's numpy/pandas types for theirs (`NDArray`, `DataFrame`, …). Default true, as `dumps`. */
  readonly mlTypes?: boolean;
  /**
   * The protocol whose reductions are asked for. Default 4; reductions are the
   * same at protocols 2–5, but objects reduced by Python's default
   * `object.__reduce_ex__` (UUID, user classes) use `copyreg._reconstructor`
   * below protocol 2: pass 0 or 1 for JSON meant to be dumped at those.
   */
  readonly protocol?: PickleProtocol;
}

/**
 * Asks the registries how the pickler would write `v`.
 * @returns the inert object or global to write in its place, or undefined when
 *   `v` is the value model's own (or no registry knows it).
 */
export function reduceForJson(v: object, options: TypedJsonEncodeOptions): PyObject | PyGlobal | undefined {
  if (typeof v !== 'function') {
    // The value model's own types, and bytes, are written by typed JSON's own rules.
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto === Uint8Array.prototype || VALUE_MODEL_PROTOTYPES.has(proto)) return undefined;
  }
  const protocol = options.protocol ?? 4;
  let r: ReduceValue | PyGlobal | undefined = options.registry?.reduce(v, protocol);
  // The same registries `dumps` falls back on, so the JSON says what the pickle would.
  if (r === undefined) r = defaultDumpTypes(options.standardTypes !== false, options.mlTypes !== false)?.reduce(v, protocol);
  if (r === undefined || r instanceof PyGlobal) return r;
  const o = asInert(r);
  // What a load recorded on the dict, by key, onto its items (float-slots.ts), as dumps does.
  if (o.dictItems.length > 0) slotsToPairs(v, o.dictItems);
  return o;
}

/** A reduction as the inert object the pickler writes for it (`__newobj__` as NEWOBJ, as `save_reduce`). */
function asInert(r: ReduceValue): PyObject {
  const args = Array.from(r.args);
  const name = r.callable instanceof PyGlobal && r.callable.module === 'copyreg' ? r.callable.name : undefined;
  let o: PyObject;
  if (name === '__newobj_ex__' && args.length === 3) {
    o = new PyObject(args[0], new Tuple(Array.isArray(args[1]) ? args[1] : []), 'NEWOBJ_EX', args[2]);
  } else if (name === '__newobj__' && args.length >= 1) {
    o = new PyObject(args[0], new Tuple(args.slice(1)), 'NEWOBJ');
  } else {
    o = new PyObject(r.callable, new Tuple(args), 'REDUCE');
  }
  if (r.state !== undefined && r.state !== null) {
    o.state = r.state;
    if (r.stateSetter !== undefined && r.stateSetter !== null) o.stateSetter = r.stateSetter;
  }
  if (r.listItems !== undefined && r.listItems !== null) for (const x of r.listItems) o.listItems.push(x);
  if (r.dictItems !== undefined && r.dictItems !== null) for (const [k, x] of r.dictItems) o.dictItems.push([k, x]);
  return o;
}
