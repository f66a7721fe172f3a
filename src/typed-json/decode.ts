import { FreshString } from '../pickler/synthetic.js';
import { PickleBuffer } from '../registry/pickle-buffer.js';
import { addDiscardedAfter, addDiscardedBefore } from '../values/discarded.js';
import { nanFloat, setComplexBits } from '../values/float-bits.js';
import { markFreshNames, markTextGlobal } from '../values/written-as.js';
import { Py2Str } from '../values/py2-str.js';
import { Tuple } from '../values/tuple.js';
import { ByteArray } from '../values/byte-array.js';
import { FrozenSet } from '../values/frozen-set.js';
import { Float } from '../values/float.js';
import { Complex } from '../values/complex.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject, type PyObjectCreation } from '../values/py-object.js';
import { PersistentRef, ExtensionRef, BufferRef } from '../values/unresolved.js';
import { toIntValue } from '../wire/long.js';
import { decodeBase64 } from './base64.js';
import { TYPED_JSON_EXTRA_KEYS, TYPED_JSON_SIDE_KEYS, TYPED_JSON_TAGS, type JsonObject, type JsonValue, type TypedJsonTag } from './format.js';
import { TypedJsonError } from './typed-json-error.js';

const TAGS: ReadonlySet<string> = new Set(TYPED_JSON_TAGS);
/** Keys any tagged node may carry for what a lossless load remembered on the side (see format.ts). */
const SIDE_KEYS: ReadonlySet<string> = new Set(TYPED_JSON_SIDE_KEYS);
const CREATIONS: ReadonlySet<string> = new Set(['REDUCE', 'NEWOBJ', 'NEWOBJ_EX', 'INST', 'OBJ']);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const setAdd = Set.prototype.add;

/** What a child decoded inside a container is for. */
type Role =
  'item' | 'key' | 'value' | 'callable' | 'args' | 'kwargs' | 'state' | 'stateSetter' | 'after' | 'before' | 'listItem' | 'dictKey' | 'dictValue' | 'pid';

/** A container being filled from its JSON children, one child per step. */
interface Frame {
  readonly target: unknown;
  readonly children: readonly JsonValue[];
  readonly roles: readonly Role[] | Role;
  readonly keys: readonly string[] | null;
  readonly label: (i: number) => string;
  readonly freeze: boolean;
  pendingKey: unknown;
  i: number;
}

/** The tag of a typed JSON object, or an explanation of why it has none. */
function classify(node: JsonObject): TypedJsonTag | string {
  let tag: string | undefined;
  const keys = Object.keys(node);
  for (const key of keys) {
    if (!TAGS.has(key)) continue;
    if (tag !== undefined) return `an object with both ${tag} and ${key}`;
    tag = key;
  }
  if (tag === undefined) {
    return keys.length === 0 ? 'an empty object (a dict is {"$map": {}})' : `an object without a $ tag (keys: ${keys.slice(0, 5).join(', ')})`;
  }
  const extras = TYPED_JSON_EXTRA_KEYS[tag]!;
  for (const key of keys) {
    if (key !== tag && !extras.includes(key) && !(tag !== '$ref' && SIDE_KEYS.has(key))) return `key ${JSON.stringify(key)} beside ${tag}`;
  }
  return tag as TypedJsonTag;
}

function isObject(node: JsonValue): node is JsonObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** JSON children of a tagged node, for the pass that finds `$id`s (malformed parts are skipped). */
function childNodes(tag: TypedJsonTag, node: JsonObject, out: JsonValue[]): void {
  const body = node[tag];
  for (const side of ['$after', '$before']) {
    const calls = node[side];
    if (Array.isArray(calls)) for (const c of calls) out.push(c);
  }
  switch (tag) {
    case '$list':
    case '$tuple':
    case '$set':
    case '$frozenset':
      if (Array.isArray(body)) for (const c of body) out.push(c);
      break;
    case '$dict':
      if (Array.isArray(body)) for (const pair of body) if (Array.isArray(pair)) for (const c of pair) out.push(c);
      break;
    case '$map':
      if (isObject(body)) for (const k of Object.keys(body)) out.push(body[k]!);
      break;
    case '$object':
      if (isObject(body)) {
        for (const k of ['callable', 'args', 'kwargs', 'state', 'stateSetter']) if (hasOwn(body, k)) out.push(body[k]!);
        const list = body.listItems;
        if (Array.isArray(list)) for (const c of list) out.push(c);
        const dict = body.dictItems;
        if (Array.isArray(dict)) for (const pair of dict) if (Array.isArray(pair)) for (const c of pair) out.push(c);
      }
      break;
    case '$persid':
      out.push(body!);
      break;
    default:
      break;
  }
}

function parseBits(text: JsonValue): bigint | undefined {
  return typeof text === 'string' && /^[0-9a-f]{16}$/.test(text) ? BigInt('0x' + text) : undefined;
}

function parseFloatText(text: JsonValue): number | undefined {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return undefined;
  switch (text) {
    case 'nan':
    case '-nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
  }
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** A float as lossless loading returns it: `Float` when integral or -0.0, else a number. */
function floatValue(x: number): number | Float {
  return Number.isInteger(x) || Object.is(x, -0) ? new Float(x) : x;
}

/**
 * Converts typed JSON (see `format.ts`) back to a value of picklejar's value
 * model. `$ref`s may point anywhere in the document; shared and cyclic
 * structures come back with their identities. Depth is unlimited (no
 * recursion), and keys such as `__proto__` are only ever Map keys.
 * @param json typed JSON, e.g. from `JSON.parse`.
 * @returns the value: Map for dicts, Tuple, Float for integral floats, …
 * @throws TypedJsonError for malformed typed JSON (unknown tag, bad base64,
 *   bad number text, dangling `$ref`, duplicate `$id`), with its path.
 */
export function fromTypedJson(json: JsonValue): unknown {
  const shells = allocateShared(json);
  const filled = new Set<number>();
  const stack: Frame[] = [];

  const pathOf = (): string => {
    let path = '$';
    for (const f of stack) path += f.label(f.i - 1);
    return path;
  };
  const fail = (message: string): never => {
    throw new TypedJsonError(message, pathOf());
  };

  const decode = (node: JsonValue): unknown => {
    switch (typeof node) {
      case 'string':
      case 'boolean':
        return node;
      case 'number':
        if (Number.isSafeInteger(node)) return node;
        if (Number.isInteger(node)) return fail(`integer ${node} is beyond 2^53: write it as {"$int": "..."}`);
        return node;
      case 'object':
        break;
      default:
        return fail(`not JSON: ${typeof node}`);
    }
    if (node === null) return null;
    if (Array.isArray(node)) {
      const list: unknown[] = [];
      open(list, node, 'item', false, (i) => `[${i}]`);
      return list;
    }
    const tag = classify(node);
    if (tag.charCodeAt(0) !== 36) return fail(`not typed JSON: ${tag}`);
    if (tag === '$ref') {
      const id = node.$ref;
      const target = typeof id === 'number' ? shells.get(id) : undefined;
      if (target === undefined) return fail(`$ref ${JSON.stringify(id)} names no $id`);
      return target.value;
    }
    let value: unknown;
    if (hasOwn(node, '$id')) {
      const id = node.$id as number;
      if (filled.has(id)) return fail(`$id ${id} defined twice`);
      filled.add(id);
      value = shells.get(id)!.value;
    } else {
      value = shell(tag as TypedJsonTag, node, fail);
    }
    fillShell(tag as TypedJsonTag, node, value);
    for (const side of ['$after', '$before'] as const) {
      if (!hasOwn(node, side)) continue;
      const calls = node[side];
      if (!Array.isArray(calls) || typeof value !== 'object' || value === null) return fail(`${side} needs an array, on an object`);
      open(value, calls, side === '$after' ? 'after' : 'before', false, (i) => `.${side}[${i}]`);
    }
    return value;
  };

  const open = (
    target: unknown,
    children: readonly JsonValue[],
    roles: Frame['roles'],
    freeze: boolean,
    label: (i: number) => string,
    keys: readonly string[] | null = null,
  ): void => {
    if (children.length === 0) {
      if (freeze) Object.freeze(target);
      return;
    }
    stack.push({ target, children, roles, keys, label, freeze, pendingKey: undefined, i: 0 });
  };

  const arrayBody = (node: JsonObject, tag: string): JsonValue[] => {
    const body = node[tag];
    return Array.isArray(body) ? body : fail(`${tag} needs an array`);
  };

  const pairs = (body: JsonValue, what: string): JsonValue[] => {
    if (!Array.isArray(body)) return fail(`${what} needs an array of [key, value] pairs`);
    const flat: JsonValue[] = [];
    for (const pair of body) {
      if (!Array.isArray(pair) || pair.length !== 2) return fail(`${what} needs [key, value] pairs`);
      flat.push(pair[0]!, pair[1]!);
    }
    return flat;
  };

  /** Schedules the children of a container shell. */
  const fillShell = (tag: TypedJsonTag, node: JsonObject, value: unknown): void => {
    switch (tag) {
      case '$list':
      case '$set':
      case '$frozenset':
        open(value, arrayBody(node, tag), 'item', false, (i) => `.${tag}[${i}]`);
        break;
      case '$tuple':
        open(value, arrayBody(node, tag), 'item', true, (i) => `.$tuple[${i}]`);
        break;
      case '$dict': {
        const flat = pairs(node.$dict!, '$dict');
        open(value, flat, ['key', 'value'], false, (i) => `.$dict[${i >> 1}][${i & 1}]`);
        break;
      }
      case '$map': {
        const body = node.$map!;
        if (!isObject(body)) return fail('$map needs an object');
        const keys = Object.keys(body);
        open(
          value,
          keys.map((k) => body[k]!),
          'value',
          false,
          (i) => `.$map[${JSON.stringify(keys[i])}]`,
          keys,
        );
        break;
      }
      case '$object': {
        const body = node.$object!;
        if (!isObject(body)) return fail('$object needs an object');
        const children: JsonValue[] = [];
        const roles: Role[] = [];
        const labels: string[] = [];
        for (const key of Object.keys(body)) {
          if (!['callable', 'args', 'kwargs', 'state', 'stateSetter', 'creation', 'listItems', 'dictItems'].includes(key)) {
            return fail(`unknown $object field ${JSON.stringify(key)}`);
          }
        }
        if (!hasOwn(body, 'callable')) return fail('$object needs a callable');
        for (const key of ['callable', 'args', 'kwargs', 'state', 'stateSetter'] as const) {
          if (!hasOwn(body, key)) continue;
          children.push(body[key]!);
          roles.push(key);
          labels.push(`.$object.${key}`);
        }
        if (hasOwn(body, 'listItems')) {
          const items = body.listItems;
          if (!Array.isArray(items)) return fail('$object listItems needs an array');
          items.forEach((c, i) => {
            children.push(c);
            roles.push('listItem');
            labels.push(`.$object.listItems[${i}]`);
          });
        }
        if (hasOwn(body, 'dictItems')) {
          const flat = pairs(body.dictItems!, '$object dictItems');
          flat.forEach((c, i) => {
            children.push(c);
            roles.push(i & 1 ? 'dictValue' : 'dictKey');
            labels.push(`.$object.dictItems[${i >> 1}][${i & 1}]`);
          });
        }
        open(value, children, roles, false, (i) => labels[i]!);
        break;
      }
      case '$persid':
        open(value, [node.$persid!], 'pid', false, () => '.$persid');
        break;
      default:
        break;
    }
  };

  const add = (f: Frame, i: number, child: unknown): void => {
    const role = typeof f.roles === 'string' ? f.roles : f.roles[i % f.roles.length]!;
    const t = f.target as Record<string, unknown>;
    switch (role) {
      case 'item':
        if (f.target instanceof Set) setAdd.call(f.target, child);
        else (f.target as unknown[]).push(child);
        break;
      case 'key':
        f.pendingKey = child;
        break;
      case 'value':
        (f.target as Map<unknown, unknown>).set(f.keys === null ? f.pendingKey : f.keys[i], child);
        break;
      case 'callable':
      case 'args':
      case 'kwargs':
      case 'state':
      case 'stateSetter':
        t[role] = child;
        break;
      case 'after':
        addDiscardedAfter(f.target as object, child);
        break;
      case 'before':
        addDiscardedBefore(f.target as object, [child]);
        break;
      case 'listItem':
        (f.target as PyObject).listItems.push(child);
        break;
      case 'dictKey':
        f.pendingKey = child;
        break;
      case 'dictValue':
        (f.target as PyObject).dictItems.push([f.pendingKey, child]);
        break;
      case 'pid':
        t.pid = child;
        break;
    }
  };

  const root = decode(json);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.children.length) {
      stack.pop();
      if (top.freeze) Object.freeze(top.target);
      continue;
    }
    const i = top.i++;
    add(top, i, decode(top.children[i]!));
  }
  return root;
}

/**
 * Builds the value of a tagged node: complete for leaves, an empty container
 * (filled later) otherwise. Tuples start as unfrozen arrays with Tuple's
 * prototype so that references into them can exist before they are complete.
 */
function shell(tag: TypedJsonTag, node: JsonObject, fail: (m: string) => never): unknown {
  const body = node[tag]!;
  switch (tag) {
    case '$list':
      return [];
    case '$tuple':
      return Reflect.construct(Array, [], Tuple);
    case '$dict':
    case '$map':
      return new Map();
    case '$set':
      return new Set();
    case '$frozenset':
      return new FrozenSet();
    case '$int': {
      if (typeof body !== 'string' || !/^[-+]?\d+$/.test(body)) return fail('$int needs a decimal string');
      return toIntValue(BigInt(body));
    }
    case '$float': {
      const x = parseFloatText(body);
      if (x === undefined) return fail(`$float needs a Python float repr, not ${JSON.stringify(body)}`);
      if (hasOwn(node, '$bits')) {
        const bits = parseBits(node.$bits!);
        if (bits === undefined || !Number.isNaN(x)) return fail('$bits needs 16 hex digits of a NaN');
        return nanFloat(bits);
      }
      return floatValue(x);
    }
    case '$bytes':
    case '$bytearray': {
      const bytes = typeof body === 'string' ? decodeBase64(body) : undefined;
      if (bytes === undefined) return fail(`${tag} needs a base64 string`);
      if (node.$py2 === true && tag === '$bytes') return new Py2Str(bytes);
      return tag === '$bytes' ? bytes : ByteArray.fromBytes(bytes);
    }
    case '$complex': {
      const re = Array.isArray(body) && body.length === 2 ? parseFloatText(body[0]!) : undefined;
      const im = Array.isArray(body) && body.length === 2 ? parseFloatText(body[1]!) : undefined;
      if (re === undefined || im === undefined) return fail('$complex needs [real, imag]');
      const c = new Complex(re, im);
      if (hasOwn(node, '$bits')) {
        const b = node.$bits;
        if (!Array.isArray(b) || b.length !== 2) return fail('$complex $bits needs [real bits or null, imag bits or null]');
        setComplexBits(c, b[0] === null ? undefined : parseBits(b[0]!), b[1] === null ? undefined : parseBits(b[1]!));
      }
      return c;
    }
    case '$global': {
      if (!Array.isArray(body) || body.length !== 2 || typeof body[0] !== 'string' || typeof body[1] !== 'string') {
        return fail('$global needs ["module", "name"]');
      }
      const g = new PyGlobal(body[0], body[1]);
      const written = node.$written;
      if (written === 'GLOBAL' || written === 'GLOBAL-unmemoized') markTextGlobal(g, written === 'GLOBAL');
      else if (written !== undefined) return fail('$written needs "GLOBAL" or "GLOBAL-unmemoized"');
      const fresh = node.$fresh;
      if (fresh === 1 || fresh === 2 || fresh === 3) markFreshNames(g, fresh);
      else if (fresh !== undefined) return fail('$fresh needs 1, 2 or 3');
      return g;
    }
    case '$object': {
      const creation = isObject(body) ? (body.creation ?? 'REDUCE') : undefined;
      if (typeof creation !== 'string' || !CREATIONS.has(creation)) return fail('$object needs a creation of REDUCE, NEWOBJ, NEWOBJ_EX, INST or OBJ');
      // `args` may be left out of hand-written JSON: no arguments.
      return new PyObject(undefined, new Tuple([]), creation as PyObjectCreation);
    }
    case '$persid': {
      const binary = node.binary ?? true;
      if (typeof binary !== 'boolean') return fail('$persid binary needs a boolean');
      return new PersistentRef(undefined, binary);
    }
    case '$picklebuffer': {
      const readonly = node.readonly ?? true;
      const bytes = typeof body === 'string' ? decodeBase64(body) : undefined;
      if (bytes === undefined || typeof readonly !== 'boolean') return fail('$picklebuffer needs a base64 string (and "readonly" a boolean)');
      return new PickleBuffer(bytes, { readonly });
    }
    case '$str': {
      const shared = node.shared;
      if (typeof body !== 'string' || (shared !== undefined && typeof shared !== 'string')) return fail('$str needs a string (and "shared" a string)');
      return new FreshString(body, shared, node.splitPairs === true ? true : undefined);
    }
    case '$ext': {
      if (typeof body !== 'number' || !Number.isSafeInteger(body) || body < 1) return fail('$ext needs a positive integer');
      return new ExtensionRef(body);
    }
    case '$buffer': {
      const readonly = node.readonly ?? false;
      if (typeof body !== 'number' || !Number.isSafeInteger(body) || body < 0 || typeof readonly !== 'boolean') {
        return fail('$buffer needs an index and a boolean readonly');
      }
      return new BufferRef(body, readonly);
    }
    default:
      return fail(`${tag} cannot stand here`);
  }
}

/** Finds every node with `$id` and builds its shell, so `$ref`s resolve in any order. */
function allocateShared(json: JsonValue): Map<number, { value: unknown }> {
  const shells = new Map<number, { value: unknown }>();
  const todo: JsonValue[] = [json];
  while (todo.length > 0) {
    const node = todo.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) todo.push(node[i]!);
      continue;
    }
    const tag = classify(node);
    if (tag.charCodeAt(0) !== 36 || tag === '$ref') continue;
    if (hasOwn(node, '$id')) {
      const id = node.$id;
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new TypedJsonError(`$id must be an integer, not ${JSON.stringify(id)}`);
      if (shells.has(id)) throw new TypedJsonError(`$id ${id} defined twice`);
      shells.set(id, {
        value: shell(tag as TypedJsonTag, node, (m) => {
          throw new TypedJsonError(`${m} (in the node with $id ${id})`);
        }),
      });
    }
    const children: JsonValue[] = [];
    childNodes(tag as TypedJsonTag, node, children);
    for (let i = children.length - 1; i >= 0; i--) todo.push(children[i]!);
  }
  return shells;
}
