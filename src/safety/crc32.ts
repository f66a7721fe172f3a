/** The CRC-32 moved to src/codecs/crc32.ts (the zip container shares it); re-exported for the scanner. */
export { crc32 } from '../codecs/crc32.js';
