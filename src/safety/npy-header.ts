/**
 * The header of a numpy `.npy` file: whether its dtype holds Python objects,
 * in which case `numpy.load(allow_pickle=True)` unpickles what follows it.
 */

/** What the scanner needs from a .npy header. */
export type NpyHeader =
  { readonly ok: true; readonly dataOffset: number; readonly objectDtype: boolean; readonly header: string } | { readonly ok: false; readonly message: string };

/**
 * True when `data` starts with the .npy magic `\x93NUMPY`.
 * @throws never.
 */
export function isNpy(data: Uint8Array): boolean {
  return data.length >= 6 && data[0] === 0x93 && data[1] === 0x4e && data[2] === 0x55 && data[3] === 0x4d && data[4] === 0x50 && data[5] === 0x59;
}

/**
 * Reads the header (versions 1.0, 2.0 and 3.0).
 * @throws never: problems come back as `{ ok: false }`.
 */
export function readNpyHeader(data: Uint8Array): NpyHeader {
  if (!isNpy(data) || data.length < 10) return { ok: false, message: 'not a .npy file (bad magic or truncated)' };
  const major = data[6]!;
  let length: number;
  let start: number;
  if (major === 1) {
    length = data[8]! | (data[9]! << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (data.length < 12) return { ok: false, message: '.npy header truncated' };
    length = (data[8]! | (data[9]! << 8) | (data[10]! << 16) | (data[11]! << 24)) >>> 0;
    start = 12;
  } else {
    return { ok: false, message: `unsupported .npy version ${major}.${data[7]}` };
  }
  if (start + length > data.length) return { ok: false, message: '.npy header truncated' };
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(data.subarray(start, start + length));
  return { ok: true, dataOffset: start + length, objectDtype: mayHoldObjects(header), header };
}

/**
 * numpy reads the header with `ast.literal_eval` and builds `numpy.dtype(descr)`,
 * so object fields may be spelled many ways: `'O'`, `'|O8'`, `'object'`,
 * `b'O'`, `'\x4f'`, `'i4,O'`, `[('a', 'O')]`, `('O', (2,))`. Every string
 * literal in the header is decoded as Python would and tested as a dtype
 * string; anything the scanner cannot decode counts as objects (fail closed).
 */
function mayHoldObjects(header: string): boolean {
  const literal = /([rRbBuU]{0,2})('''|"""|'|")/g;
  let sawDescr = false;
  for (let m = literal.exec(header); m !== null; m = literal.exec(header)) {
    const raw = /[rR]/.test(m[1]!);
    const quote = m[2]!;
    let i = m.index + m[0].length;
    let value = '';
    for (;;) {
      if (i >= header.length) return true;
      if (header.startsWith(quote, i)) break;
      const ch = header[i]!;
      if (ch === '\\' && !raw) {
        const next = header[i + 1];
        if (next === undefined) return true;
        const simple: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          '0': '\0',
          '\\': '\\',
          "'": "'",
          '"': '"',
          a: '\x07',
          b: '\b',
          f: '\f',
          v: '\v',
          '\n': '',
        };
        if (next in simple) {
          value += simple[next]!;
          i += 2;
        } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(header.slice(i + 2, i + 4))) {
          value += String.fromCharCode(parseInt(header.slice(i + 2, i + 4), 16));
          i += 4;
        } else if (next === 'u' || next === 'U' || next === 'N' || /[0-7]/.test(next)) {
          // Unicode, named and octal escapes: too rare in a real header to decode; fail closed.
          return true;
        } else {
          value += ch + next;
          i += 2;
        }
      } else {
        value += ch;
        i++;
      }
    }
    literal.lastIndex = i + quote.length;
    if (value === 'descr') sawDescr = true;
    if (isObjectTypeString(value)) return true;
  }
  // No readable descr key: numpy would fail or read something the scanner did not see.
  return !sawDescr;
}

/** Whether a dtype string names Python objects somewhere: `O`, `|O8`, `object`, `object_`, `object0`, `i4,O`, `(2,)O`, `2O`. */
function isObjectTypeString(value: string): boolean {
  return value.split(',').some((part) => /^\s*(?:\([\d,\s]*\)|\d+)?\s*[|<>=]?\s*(?:O\d*|object[_0]?)\s*$/.test(part));
}
