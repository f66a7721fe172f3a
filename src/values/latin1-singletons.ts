/**
 * Below protocol 3 CPython writes a `bytes` as `_codecs.encode(text, 'latin1')`.
 * For a 1-byte bytes that text is CPython's one-char Latin-1 singleton, the
 * same object as every other str made at run time from that character (`chr`,
 * decoding, pandas' factorized labels), but not as an equal str literal of
 * the source that built the value (3.11 compiles those to objects of their
 * own). So whether a one-char str of the data is a memo GET of that text
 * depends on where it came from: the dumper shares the text only with the
 * singleton key by default, and also with equal plain strs for the 1-byte
 * bytes a lossless load marked here.
 *
 * A lossless load marks the bytes `_codecs.encode` made from a one-char str
 * that was not a separate str (separate-strs.ts): the first such str read,
 * or a GET of one, is then what CPython memoized as that text, and plain
 * strs equal to it in the load are GETs of the same entry.
 */
const shared = new WeakSet<Uint8Array>();

/** A 1-byte bytes whose Latin-1 text is the same object as equal plain strs. */
export const SHARED_B_CHAR: Uint8Array = Uint8Array.of(0x62);
shared.add(SHARED_B_CHAR);

/**
 * Marks `b` (1 byte): its Latin-1 text shares one memo entry with equal plain strs.
 * @throws never.
 */
export function markLatin1Shared(b: Uint8Array): void {
  shared.add(b);
}

/**
 * True when `b` was marked by {@link markLatin1Shared}.
 * @throws never.
 */
export function isLatin1Shared(b: Uint8Array): boolean {
  return shared.has(b);
}
