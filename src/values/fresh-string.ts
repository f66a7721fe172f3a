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
   */
  constructor(
    readonly value: string,
    readonly sharedAs?: string,
    readonly splitPairs?: boolean,
  ) {}
}
