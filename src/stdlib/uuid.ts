/**
 * Python's `uuid.UUID`: a 128-bit integer. Pickles through the object
 * protocol as CPython does: `copyreg.__newobj__(uuid.UUID)` (or
 * `copyreg._reconstructor` below protocol 2) with state `{'int': n}`, plus
 * `'is_safe'` when known.
 */
import { pickleGetState, pickleSetState } from '../registry/protocol.js';
import { bigintArg, describe } from './args.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

const MAX = (1n << 128n) - 1n;

/** A UUID. */
export class UUID {
  /** The 128-bit value. */
  int: bigint;
  /** Python's `is_safe` as its int value (0 safe, -1 unsafe, null unknown-but-stated), or undefined when unknown. */
  isSafe: number | null | undefined;

  /**
   * @param value a hex string (`'12345678-1234-…'`, braces, `urn:uuid:` allowed) or the 128-bit integer.
   * @throws RangeError for a malformed string or an integer out of range.
   */
  constructor(value: string | bigint) {
    if (typeof value === 'bigint') {
      if (value < 0n || value > MAX) throw new RangeError('int is out of range (need a 128-bit value)');
      this.int = value;
    } else {
      const hex = value
        .replace(/^urn:/i, '')
        .replace(/^uuid:/i, '')
        .replace(/^\{|\}$/g, '')
        .replace(/-/g, '');
      if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError('badly formed hexadecimal UUID string');
      this.int = BigInt(`0x${hex}`);
    }
    this.isSafe = undefined;
  }

  /** The 32 lowercase hex digits. */
  get hex(): string {
    return this.int.toString(16).padStart(32, '0');
  }

  /** The 16 bytes, big-endian. */
  get bytes(): Uint8Array {
    const out = new Uint8Array(16);
    let v = this.int;
    for (let i = 15; i >= 0; i--) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }

  /** The canonical `8-4-4-4-12` form. */
  toString(): string {
    const h = this.hex;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** `<class 'uuid.UUID'>`. */
  static [PY_REPR](): string {
    return "<class 'uuid.UUID'>";
  }

  /** Python's repr: `UUID('12345678-1234-5678-1234-567812345678')`. */
  [PY_REPR](): PyReprResult {
    return { call: reprClassName(this, UUID, 'UUID'), args: [this.toString()] };
  }

  /** Python's `UUID.__getstate__`. */
  [pickleGetState](): Map<string, unknown> {
    const state = new Map<string, unknown>([['int', this.int]]);
    if (this.isSafe !== undefined) state.set('is_safe', this.isSafe);
    return state;
  }

  /**
   * Python's `UUID.__setstate__`.
   * @throws TypeError when the state is not `{'int': n, ['is_safe': v]}`.
   */
  [pickleSetState](state: unknown): void {
    if (!(state instanceof Map) || !state.has('int')) throw new TypeError(`UUID state must be a dict with 'int', not ${describe(state)}`);
    this.int = bigintArg(state.get('int'), 'UUID int');
    const safe = state.get('is_safe');
    this.isSafe = state.has('is_safe') ? (safe === null ? null : Number(bigintArg(safe, 'is_safe'))) : undefined;
  }
}
