/**
 * A Python 2 `str` (bytes) as a lossless load keeps it: STRING, BINSTRING
 * and SHORT_BINSTRING hold bytes whose meaning only the writer knew, so
 * lossless mode keeps the bytes, whatever `encoding` says, and `dumps` writes
 * them back with the same kind of opcode (STRING at protocol 0, else
 * SHORT_BINSTRING / BINSTRING), as Python 2's pickler wrote them.
 */
export class Py2Str {
  /** @param bytes the str's bytes (not copied). */
  constructor(readonly bytes: Uint8Array) {}

  /** The bytes read as Latin-1 (one char per byte), for display. */
  toString(): string {
    let s = '';
    for (let i = 0; i < this.bytes.length; i++) s += String.fromCharCode(this.bytes[i]!);
    return s;
  }
}

/**
 * Python 2's `repr` of a str's bytes, as its protocol 0 STRING opcode holds
 * it: single quotes unless the text has a single quote and no double quote;
 * `\\t`, `\\n`, `\\r`, `\\\\`, the quote escaped; other bytes outside printable
 * ASCII as `\\xNN`.
 * @returns the repr, quotes included (ASCII).
 */
export function py2StrRepr(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = quote;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x5c) out += '\\\\';
    else if (c === quote.charCodeAt(0)) out += '\\' + quote;
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += String.fromCharCode(c);
  }
  return out + quote;
}
