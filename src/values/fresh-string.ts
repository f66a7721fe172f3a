/**
 * A str that is a Python object of its own: CPython creates it fresh while
 * pickling (the Latin-1 text of a `bytes` below protocol 3, numpy's dtype
 * codes), or a lossless load found it written as a separate object from an
 * equal str (separate-strs.ts). `dumps` writes it with its own memo entry,
 * never found by value; the same `FreshString` again is a memo GET.
 */
export class FreshString {
  /**
   * @param value the text.
   * @param sharedAs when CPython's str is a shared object after all (a one-char
   *   singleton, the builtins module name), the key it is memoized under.
   * @param splitPairs true when its surrogate pairs are two code points each in Python (split-pairs.ts).
   * @param byValue with `sharedAs`: CPython's one-char Latin-1 singleton that is also the
   *   same object as an equal plain str of the pickle (the Latin-1 text of a 1-byte `bytes`
   *   below protocol 3), so it shares its memo entry with plain strs too.
   */
  constructor(
    readonly value: string,
    readonly sharedAs?: string,
    readonly splitPairs?: boolean,
    readonly byValue?: boolean,
  ) {}
}
