/**
 * Python's `repr(bytes)`: `b'…'` with single quotes unless the bytes hold a
 * single quote and no double quote, `\t \n \r \\` and `\xNN` escapes, and
 * printable ASCII (0x20–0x7e) as is.
 */

const HEX = '0123456789abcdef';

/**
 * Python's `repr()` of `bytes[start, end)` as a `bytes` object.
 * @param bytes the buffer.
 * @param start first byte (default 0).
 * @param end end of the slice (default `bytes.length`).
 * @param escapeSingleQuote escape `'` even inside double quotes, as `repr(bytearray)` does
 *   (`bytearray(b"\'")`); `bytes` does not (`b"'"`).
 * @returns e.g. `b'ab\x00'`.
 */
export function bytesRepr(bytes: Uint8Array, start = 0, end = bytes.length, escapeSingleQuote = false): string {
  let hasSingle = false;
  let hasDouble = false;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0x27) hasSingle = true;
    else if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 0x22 : 0x27;
  const parts: string[] = [];
  let chunk = quote === 0x22 ? 'b"' : "b'";
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === quote || b === 0x5c || (b === 0x27 && escapeSingleQuote)) chunk += '\\' + String.fromCharCode(b);
    else if (b === 0x09) chunk += '\\t';
    else if (b === 0x0a) chunk += '\\n';
    else if (b === 0x0d) chunk += '\\r';
    else if (b < 0x20 || b >= 0x7f) chunk += '\\x' + HEX[b >> 4] + HEX[b & 15];
    else chunk += String.fromCharCode(b);
    // Concatenating into one ever-growing string is fine in V8 (ropes), but
    // flattening now and then keeps memory predictable for megabyte inputs.
    if (chunk.length > 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk + (quote === 0x22 ? '"' : "'"));
  return parts.join('');
}
