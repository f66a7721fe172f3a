import type { TypedJsonEncodeOptions } from './instances.js';
import type { JsonObject, JsonValue } from './format.js';
import { toTypedJson } from './encode.js';
import { fromTypedJson } from './decode.js';
import { TypedJsonError } from './typed-json-error.js';

/** Options for {@link stringifyJson} and {@link stringifyTypedJson}. */
export interface StringifyOptions {
  /** Spaces per nesting level; 0 (the default) writes everything on one line. */
  readonly indent?: number;
}

interface Level {
  readonly keys: readonly string[] | null;
  readonly node: JsonValue[] | JsonObject;
  i: number;
}

/**
 * `JSON.stringify` for JSON values of any depth: V8's own recursion overflows
 * the stack around 10,000 levels, this does not recurse. Strings are escaped
 * by `JSON.stringify` itself, so lone surrogates become `\udXXX`.
 * @param json the JSON value.
 * @param options `indent` for pretty output.
 * @returns the JSON text.
 * @throws TypedJsonError for a non-finite number (JSON has none).
 */
export function stringifyJson(json: JsonValue, options: StringifyOptions = {}): string {
  const indent = options.indent ?? 0;
  const out: string[] = [];
  const stack: Level[] = [];
  const newline = (depth: number): void => {
    if (indent > 0) out.push('\n' + ' '.repeat(indent * depth));
  };
  const sep = indent > 0 ? ': ' : ':';

  /** Writes a scalar, or opens a container and returns true. */
  const write = (v: JsonValue): void => {
    if (v === null) out.push('null');
    else if (typeof v === 'string') out.push(JSON.stringify(v));
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypedJsonError(`JSON has no ${v}`);
      out.push(String(v));
    } else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
    else if (Array.isArray(v)) {
      if (v.length === 0) out.push('[]');
      else {
        out.push('[');
        stack.push({ keys: null, node: v, i: 0 });
      }
    } else {
      const keys = Object.keys(v);
      if (keys.length === 0) out.push('{}');
      else {
        out.push('{');
        stack.push({ keys, node: v, i: 0 });
      }
    }
  };

  write(json);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const n = top.keys === null ? (top.node as JsonValue[]).length : top.keys.length;
    if (top.i >= n) {
      stack.pop();
      newline(stack.length);
      out.push(top.keys === null ? ']' : '}');
      continue;
    }
    const i = top.i++;
    if (i > 0) out.push(',');
    newline(stack.length);
    if (top.keys === null) {
      write((top.node as JsonValue[])[i]!);
    } else {
      const key = top.keys[i]!;
      out.push(JSON.stringify(key) + sep);
      write((top.node as JsonObject)[key]!);
    }
  }
  return out.join('');
}

/**
 * A value of the value model as typed JSON text.
 * @param value the value.
 * @param options `indent` for pretty output.
 * @throws TypedJsonError when the value has no typed JSON form.
 */
export function stringifyTypedJson(value: unknown, options: StringifyOptions & TypedJsonEncodeOptions = {}): string {
  return stringifyJson(toTypedJson(value, options), options);
}

/**
 * Parses typed JSON text back into a value of the value model.
 * @param text the JSON text.
 * @throws TypedJsonError for text that is not JSON or not typed JSON.
 */
export function parseTypedJson(text: string): unknown {
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new TypedJsonError(`not JSON: ${(e as Error).message}`);
  }
  return fromTypedJson(json);
}
