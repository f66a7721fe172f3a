/**
 * When a `bytearray` payload (BYTEARRAY8) may load as a view of the input
 * rather than a copy. A bytearray is mutable in Python, so in general it is a
 * copy even with `bytesViews: true`. numpy's protocol 5 pickle of a writable
 * array is `_frombuffer(bytearray(data), dtype, shape, order)` in band: the
 * bytearray exists only to be viewed by the array (numpy's `frombuffer` does
 * not copy either), and copying 40 MB into it is the whole cost of loading the
 * array. With `bytesViews: true` the caller has agreed that loaded values
 * alias the input, so that one payload is lent to the array as a view.
 */
import { PyGlobal } from '../values/py-global.js';

/**
 * True when `callable` (the value under the MARK that opens the bytearray's
 * argument tuple) is numpy's `_frombuffer` (numpy 1.x or 2.x module name).
 * @throws never
 */
export function feedsArray(callable: unknown): boolean {
  if (!(callable instanceof PyGlobal) || callable.name !== '_frombuffer') return false;
  const m = callable.module;
  return m === 'numpy.core.numeric' || m === 'numpy._core.numeric';
}
