/**
 * How a `PicklingError` names the place of the value it could not write, as a
 * JS expression from `root`:
 * - array, tuple and argument items: `root.users[3]`
 * - plain-object fields: `root.user.callback`, or `root["odd key"]`
 * - `Map` values: `root.get("key")` (the key in JSON for strings, as written
 *   for numbers, bigints, booleans, null and undefined, `…` otherwise);
 *   `Map` keys: `root.keys()[2]`
 * - `Set` / `FrozenSet` members: `root.values()[2]` (iteration order)
 * - inert objects: `.args[0]`, `.kwargs`, `.state`, `.listItems[0]`, `.dictItems[0][1]`
 * - registry reductions: `.reduce().args[0]`, `.reduce().state`, …
 * - persistent ids: `.persistentId()`
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `.name` when `name` is a JS identifier, else `["name"]`. */
export function fieldSegment(name: string): string {
  return IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** A short JS rendering of a Map key for `.get(…)`. */
export function keyText(key: unknown): string {
  switch (typeof key) {
    case 'string':
      return JSON.stringify(key);
    case 'number':
    case 'boolean':
      return String(key);
    case 'bigint':
      return `${key}n`;
    case 'undefined':
      return 'undefined';
    default:
      return key === null ? 'null' : '…';
  }
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'function': {
      const name = (value as { name?: unknown }).name;
      return typeof name === 'string' && name !== '' ? `function ${name}` : 'anonymous function';
    }
    case 'symbol':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      const ctor = (value as { constructor?: { name?: unknown } }).constructor;
      const name = typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
      return `'${name}' object`;
    }
    default:
      return typeof value;
  }
}
