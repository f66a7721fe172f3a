/**
 * How CPython's two unpicklers read the text numbers of protocol 0 (INT, LONG,
 * FLOAT), so the scanner accepts exactly what either accepts and knows where
 * they disagree. The C unpickler (`_pickle.c`, used by `pickle.loads`) reads
 * INT with `strtol(s, &end, 0)` (octal `010`, hex `0x10`, stops at a NUL byte)
 * and falls back to `int(s, 0)` syntax; it reads LONG with `int(s, 0)`
 * syntax after dropping one trailing `L`, and FLOAT with
 * `PyOS_string_to_double` (no spaces, no underscores, overflow is an error).
 * `pickle.py` (`pickle._loads`, subclassed unpicklers) uses `int(line, 0)`
 * and `float(line)`. Both refuse decimal ints beyond 4300 digits.
 */

/** Which reader accepts a text number. */
export interface TextJudgement {
  /** `_pickle.c` accepts it. */
  readonly c: boolean;
  /** `pickle.py` accepts it. */
  readonly py: boolean;
  /** The value when it is a small int both agree on (for sizes and indexes). */
  readonly value?: bigint;
}

/** CPython's `sys.get_int_max_str_digits()` default. */
const MAX_STR_DIGITS = 4300;

/** Python's `int(s, 0)` syntax, surrounding whitespace allowed. */
const PY_INT = /^[ \t\n\v\f\r]*([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0+(?:_?0)*|[1-9](?:_?[0-9])*)[ \t\n\v\f\r]*$/;
/** C `strtol(s, &end, 0)`: the prefix it consumes. */
const STRTOL = /^[ \t\n\v\f\r]*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/;
/** `PyOS_string_to_double`: the prefix it consumes. */
const C_FLOAT = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)/i;
/** Python's `float(s)`: whitespace, underscores between digits. */
const PY_FLOAT =
  /^[ \t\n\v\f\r]*[+-]?(?:(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?|inf(?:inity)?|nan)[ \t\n\v\f\r]*$/i;

function text(data: Uint8Array, start: number, end: number): string {
  // Latin-1: any byte maps to one char, so non-ASCII bytes simply fail the patterns.
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(data[i]!);
  return s;
}

/** C-string view: `_pickle.c` passes the line to C functions that stop at a NUL byte. */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function pyInt(s: string): { ok: boolean; value?: bigint } {
  const m = PY_INT.exec(s);
  if (m === null) return { ok: false };
  const body = m[2]!.replace(/_/g, '');
  const decimal = !/^0[xXoObB]/.test(body);
  if (decimal && body.length > MAX_STR_DIGITS) return { ok: false };
  if (body.length > 40) return { ok: true };
  const v = decimal ? BigInt(body) : BigInt(body.toLowerCase().startsWith('0o') ? '0o' + body.slice(2) : body);
  return { ok: true, value: m[1] === '-' ? -v : v };
}

/**
 * INT's line (without its newline).
 * @throws never.
 */
export function judgeInt(data: Uint8Array, start: number, end: number): TextJudgement {
  const s = text(data, start, end);
  if (s === '00' || s === '01') return { c: true, py: true, value: s === '01' ? 1n : 0n };
  const py = pyInt(s);
  const cs = cString(s);
  let c: boolean;
  let value: bigint | undefined;
  const m = STRTOL.exec(cs);
  // strtol must consume up to the newline or a NUL, and fit a C long; else the int(s, 0) fallback.
  if (m !== null && m[0].length === cs.length && m[1]!.length <= 18) {
    c = true;
    const body = m[1]!;
    const v = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body[0] === '0' ? BigInt('0o' + body.slice(1)) : BigInt(body);
    value = m[0].includes('-') ? -v : v;
  } else {
    const fallback = pyInt(cs);
    c = fallback.ok;
    value = fallback.value;
  }
  return { c, py: py.ok, ...(c && (!py.ok || py.value === value) && value !== undefined ? { value } : {}) };
}

/**
 * LONG's line (without its newline).
 * @throws never.
 */
export function judgeLong(data: Uint8Array, start: number, end: number): TextJudgement {
  let s = text(data, start, end);
  if (s.endsWith('L')) s = s.slice(0, -1);
  const py = pyInt(s);
  const c = pyInt(cString(s));
  return { c: c.ok, py: py.ok, ...(c.ok && py.ok && c.value === py.value && c.value !== undefined ? { value: c.value } : {}) };
}

/**
 * FLOAT's line (without its newline).
 * @throws never.
 */
export function judgeFloat(data: Uint8Array, start: number, end: number): TextJudgement {
  const s = text(data, start, end);
  const cs = cString(s);
  const m = C_FLOAT.exec(cs);
  // C raises OverflowError where Python returns inf.
  const c = (m !== null && m[0].length === cs.length && Number.isFinite(Number(m[0]))) || (m !== null && m[0].length === cs.length && /inf|nan/i.test(m[0]));
  return { c, py: PY_FLOAT.test(s) };
}
