/**
 * A tar reader for the oldest `torch.save` format (a tar archive with members
 * `sys_info`, `pickle`, `storages`, `tensors`, which `torch.load` still
 * reads through `tarfile`). Only what the scanner needs: names and contents
 * of regular files; pax and GNU long names are honoured as `tarfile` does.
 */

/** One regular file of the archive. */
export interface TarMember {
  readonly name: string;
  /** A view of the member's bytes. */
  readonly data: Uint8Array;
}

function octal(data: Uint8Array, at: number, length: number): number {
  let n = 0;
  let seen = false;
  for (let i = at; i < at + length; i++) {
    const c = data[i]!;
    if (c === 0 || c === 0x20) {
      if (seen) break;
      continue;
    }
    if (c < 0x30 || c > 0x37) return -1;
    n = n * 8 + (c - 0x30);
    seen = true;
  }
  return seen ? n : -1;
}

function text(data: Uint8Array, at: number, length: number): string {
  let s = '';
  for (let i = at; i < at + length && data[i] !== 0; i++) s += String.fromCharCode(data[i]!);
  return s;
}

/** The header checksum rule: the sum of the header bytes with the checksum field read as spaces. */
function checksumOk(data: Uint8Array, at: number): boolean {
  const stored = octal(data, at + 148, 8);
  if (stored < 0) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : data[at + i]!;
  return sum === stored;
}

/**
 * True when `data` starts with a tar header whose checksum holds.
 * @throws never.
 */
export function isTar(data: Uint8Array): boolean {
  return data.length >= 512 && checksumOk(data, 0);
}

/**
 * The regular files of a tar archive, at most `limit`.
 * @returns the members, or a message saying why the archive cannot be read.
 * @throws never.
 */
export function readTar(data: Uint8Array, limit: number): TarMember[] | string {
  const out: TarMember[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= data.length && out.length < limit) {
    if (data.subarray(at, at + 512).every((b) => b === 0)) break;
    if (!checksumOk(data, at)) return `tar header at byte ${at} has a bad checksum`;
    const size = octal(data, at + 124, 12);
    if (size < 0) return `tar header at byte ${at} has a bad size`;
    const type = String.fromCharCode(data[at + 156]!);
    const start = at + 512;
    if (start + size > data.length) return `tar member at byte ${at} runs past the end of the archive`;
    const body = data.subarray(start, start + size);
    const prefix = text(data, at + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(data, at, 100)}` : text(data, at, 100));
    longName = undefined;
    if (type === 'L') longName = text(body, 0, body.length);
    else if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder('utf-8', { fatal: false }).decode(body));
      if (m !== null) longName = m[1];
    } else if (type === '0' || type === '\0' || type === '7') out.push({ name, data: body });
    at = start + Math.ceil(size / 512) * 512;
  }
  return out;
}
