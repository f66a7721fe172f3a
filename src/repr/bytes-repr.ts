/**
 * Python's `repr(bytes)`. It lives in the wire layer, below everything that
 * formats or parses pickle arguments; re-exported here for the repr modules.
 */
export { bytesRepr } from '../wire/bytes-repr.js';
