/**
 * The class name a Python repr shows. CPython's reprs of `set`, `bytearray`,
 * `OrderedDict`, `Decimal`, paths, … print `type(self).__name__`, so a
 * subclass shows its own name; picklejar's JS classes do the same with the JS
 * class name. The base's Python name is spelled out rather than read from
 * the JS class, which a minifier may rename.
 */

/**
 * `pyName` when `value` is an instance of `base` itself, else the JS name of
 * its class (falling back to `pyName` for anonymous classes).
 * @param value the instance.
 * @param base the JS class that stands for the Python type.
 * @param pyName the Python name of that type, e.g. `OrderedDict`, `datetime.date`.
 * @returns the name to print.
 * @throws never.
 */
export function reprClassName(value: object, base: abstract new (...args: never[]) => unknown, pyName: string): string {
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === base || typeof ctor !== 'function' || !ctor.name) return pyName;
  return ctor.name;
}
