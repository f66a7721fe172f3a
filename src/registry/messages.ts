/**
 * Clear refusals for values no rule can pickle, shared by the pickler and the
 * registry so users see one wording.
 */

/**
 * Why `value` cannot be pickled and how to fix it, e.g.
 * `cannot pickle 'User' object: JS class User is not registered (registry.registerClass(User, 'module', 'User'))`.
 * The pickler adds the path into the value.
 */
export function unpicklableMessage(value: unknown): string {
  if (typeof value === 'function') {
    const name = value.name || '<anonymous>';
    if (/^class[\s{]/.test(Function.prototype.toString.call(value))) {
      return `cannot pickle class ${name}: JS class ${name} is not registered (registry.registerClass(${name}, 'module', '${name}'))`;
    }
    return `cannot pickle function ${name}: functions pickle by reference only; register it with registry.registerFunction('module', '${name}', fn)`;
  }
  if (typeof value === 'symbol') return `cannot pickle symbol ${String(value.description ?? '')}`;
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
    const ctor = proto !== null && Object.prototype.hasOwnProperty.call(proto, 'constructor') ? proto.constructor : undefined;
    const name = typeof ctor === 'function' && ctor.name ? ctor.name : 'anonymous';
    return `cannot pickle '${name}' object: JS class ${name} is not registered (registry.registerClass(${name}, 'module', '${name}'))`;
  }
  return `cannot pickle ${typeof value} value`;
}
