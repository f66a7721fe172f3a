/**
 * The header of a numpy `.npy` file: whether its dtype holds Python objects,
 * in which case `numpy.load(allow_pickle=True)` unpickles what follows it.
 */

/** What the scanner needs from a .npy header. */
export type NpyHeader =
  | { readonly ok: true; readonly dataOffset: number; readonly objectDtype: boolean; readonly header: string }
  | { readonly ok: false; readonly message: string };

/**
 * True when `data` starts with the .npy magic `\x93NUMPY`.
 * @throws never.
 */
export function isNpy(data: Uint8Array): boolean {
  return data.length >= 6 && data[0] === 0x93 && data[1] === 0x4e && data[2] === 0x55 && data[3] === 0x4d && data[4] === 0x50 && data[5] === 0x59;
}

/**
 * Reads the header (versions 1.0, 2.0 and 3.0).
 * @throws never: problems come back as `{ ok: false }`.
 */
export function readNpyHeader(data: Uint8Array): NpyHeader {
  if (!isNpy(data) || data.length < 10) return { ok: false, message: 'not a .npy file (bad magic or truncated)' };
  const major = data[6]!;
  let length: number;
  let start: number;
  if (major === 1) {
    length = data[8]! | (data[9]! << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (data.length < 12) return { ok: false, message: '.npy header truncated' };
    length = (data[8]! | (data[9]! << 8) | (data[10]! << 16) | (data[11]! << 24)) >>> 0;
    start = 12;
  } else {
    return { ok: false, message: `unsupported .npy version ${major}.${data[7]}` };
  }
  if (start + length > data.length) return { ok: false, message: '.npy header truncated' };
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(data.subarray(start, start + length));
  // numpy writes object fields as 'O' (with an optional byte-order or size: '|O', 'O8');
  // any quoted type code starting with O, anywhere in descr, makes numpy unpickle.
  const descrAt = header.indexOf('descr');
  const objectDtype = descrAt < 0 || /['"][|<>=]?O\d*['"]/.test(header.slice(descrAt));
  return { ok: true, dataOffset: start + length, objectDtype, header };
}
