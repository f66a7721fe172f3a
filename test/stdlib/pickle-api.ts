/**
 * `loads`/`dumps` looked up at run time, so these tests compile and skip
 * cleanly while the pickler or unpickler is not exported yet.
 */
import * as api from '../../src/index.js';

type Loads = (data: Uint8Array, options?: Record<string, unknown>) => unknown;
type Dumps = (value: unknown, options?: Record<string, unknown>) => Uint8Array;

const mod = api as unknown as Record<string, unknown>;
export const loads: Loads | undefined = typeof mod['loads'] === 'function' ? (mod['loads'] as Loads) : undefined;
export const dumps: Dumps | undefined = typeof mod['dumps'] === 'function' ? (mod['dumps'] as Dumps) : undefined;
export const NO_LOADS = loads === undefined ? 'loads is not exported yet' : false;
export const NO_DUMPS = dumps === undefined ? 'dumps is not exported yet' : false;
