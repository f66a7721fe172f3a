/**
 * The pickler's public face: `dumps` (one value, one buffer), `Pickler`
 * (Python's `pickle.Pickler`, its memo kept across `dump` calls) and
 * `dumpChunks` (one value, streamed in frames). The work is done by the
 * machine (machine.ts); this file only owns lifetimes: which scratch memory a
 * dump writes into, and giving it back.
 */
import type { DefaultBindings } from '../registry/default-bindings.js';
import { PickleMachine } from './machine.js';
import { resolvePicklerOptions, type PicklerOptions } from './options.js';
import { returnScratch, Scratch, takeScratch } from './scratch.js';

/**
 * Python's `pickle.Pickler`: writes values as pickles, keeping its memo across
 * `dump` calls (as a Python Pickler reused on one file does) until `clearMemo`.
 */
export class Pickler {
  /** The protocol in use (0–5), after resolving defaults and negative values. */
  readonly protocol: number;
  readonly #machine: PickleMachine;

  /**
   * @param options protocol, fixImports, persistentId, registry, extensions, bufferCallback, … (see `PicklerOptions`).
   * @param bindings the registries consulted after `options.registry` (what `standardTypes` / `mlTypes` switch on).
   *   Default: none, the built-ins only; `picklejar`'s `Pickler` passes its standard and ML types.
   * @throws PicklingError for a protocol above 5 or not an integer, or a bufferCallback below protocol 5.
   */
  constructor(options?: PicklerOptions, bindings?: DefaultBindings) {
    const o = resolvePicklerOptions(options);
    this.protocol = o.protocol;
    // A Pickler keeps its own scratch for its lifetime: its buffers are never another pickler's.
    this.#machine = new PickleMachine(o, new Scratch(), bindings);
  }

  /** Forgets every memoized object, as Python's `Pickler.clear_memo()`. */
  clearMemo(): void {
    this.#machine.clearMemo();
  }

  /**
   * Pickles `value`: PROTO header (protocol 2+), the value, STOP.
   * @returns the pickle (a buffer of its own).
   * @throws PicklingError for a value that cannot be pickled, naming its path
   *   (`root.users[3].callback`); nothing is returned and the memo is left as
   *   it was before the call.
   */
  dump(value: unknown): Uint8Array {
    return this.#machine.dump(value);
  }
}

/**
 * Pickles `value` as CPython 3.11's `pickle.dumps(value, protocol)` does.
 * @param value a value of picklejar's value model (see the README).
 * @param options protocol (default 4), fixImports, persistentId, registry, sharedReferences, …
 * @param bindings the registries consulted after `options.registry` (default: none, the built-ins only;
 *   `picklejar`'s `dumps` passes its standard and ML types).
 * @returns the pickle.
 * @throws PicklingError for a value that cannot be pickled (naming its path,
 *   e.g. `root.users[3].callback`) or an invalid protocol.
 */
export function dumps(value: unknown, options?: PicklerOptions, bindings?: DefaultBindings): Uint8Array {
  const o = resolvePicklerOptions(options);
  // The idle scratch of the last dumps (or a new one when a dump running
  // further up this call stack, e.g. the one whose hook called us, holds it).
  const scratch = takeScratch();
  const machine = new PickleMachine(o, scratch, bindings);
  try {
    return machine.dump(value);
  } finally {
    machine.releaseMemo();
    returnScratch(scratch);
  }
}

/**
 * Pickles `value` exactly as `dumps` does, handing the output out as it is
 * completed instead of as one buffer: at protocol 4+ each committed frame
 * (CPython's 64 KiB target; payloads of 64 KiB or more, which CPython writes
 * outside frames, by reference), below protocol 4 about every 64 KiB at an
 * opcode boundary. The concatenation of the chunks is `dumps(value, options)`.
 * Memory stays bounded by a frame plus the largest single item, not the
 * whole pickle: one buffer is reused, so each chunk is a view that is only
 * valid until the iterator is advanced (copy it to keep it).
 * @param value a value of picklejar's value model.
 * @param options as `dumps`.
 * @param bindings as `dumps`.
 * @returns an iterator of chunks; its return value is the total byte count.
 * @throws PicklingError, when the iterator is advanced, for a value that
 *   cannot be pickled (chunks handed out before stay handed out), or an
 *   invalid protocol (at the first `next`).
 */
export function* dumpChunks(value: unknown, options?: PicklerOptions, bindings?: DefaultBindings): Generator<Uint8Array, number, undefined> {
  const o = resolvePicklerOptions(options);
  const scratch = takeScratch();
  const machine = new PickleMachine(o, scratch, bindings);
  try {
    machine.begin(value, true);
    const w = machine.w;
    for (;;) {
      let done: boolean;
      try {
        done = machine.advance();
        if (done) w.commitFrame();
      } catch (error) {
        throw machine.failed(error);
      }
      for (const chunk of w.takeDue()) if (chunk.length > 0) yield chunk;
      w.compact();
      if (done) return w.length;
    }
  } finally {
    machine.end();
    machine.releaseMemo();
    returnScratch(scratch);
  }
}
