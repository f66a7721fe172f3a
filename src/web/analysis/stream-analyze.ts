/**
 * Files too large for one buffer: read as a stream by the core's `loadAllFromStream`,
 * pickle by pickle, with progress, so memory follows the largest pickle, not the file.
 * Only values can be shown then: the disassembly, the hex view and the scanner need the
 * whole bytes, so the Safety tab says plainly that the file was not scanned.
 */
import { loadAllFromStream } from '../../stream/load-stream.js';
import type { CodecName } from '../../containers/magic.js';
import type { ScanReport } from '../../safety/report.js';
import { loaderOptions, MAX_STREAM_PICKLES, type Analysis, type PickleAnalysis } from './analyze.js';

/** Files larger than this are streamed: a margin under the 2 GiB some browsers allow one ArrayBuffer. */
export const STREAM_OVER = 1 << 30;

const NOTHING = new Uint8Array(0);

/** What the Safety tab shows for a streamed file: not scanned, so never "safe". */
function notScanned(): ScanReport {
  return {
    verdict: 'error',
    findings: [],
    failures: [
      {
        reason: 'unsupported',
        message: 'the file was too large to hold in memory and was read as a stream, which the scanner does not read; it was not scanned',
        path: [],
        stream: 0,
      },
    ],
    container: 'pickle',
    pickles: 0,
    ops: 0,
    cutShort: true,
    globals: [],
    allowed: [],
  };
}

function streamedPickle(value: unknown, start: number, end: number, stream: number): PickleAnalysis {
  return {
    source: { path: [], bytes: NOTHING },
    stream,
    start,
    end,
    value,
    tokens: [],
    disassemble: () => ({ text: '', error: 'not kept: the file was read as a stream, so its opcodes were not kept' }),
    replay: { root: undefined, slots: [] },
  };
}

/**
 * Loads the pickles of a large file as a stream (plain or compressed pickle streams).
 * @param file the file.
 * @param onProgress called with bytes read so far and the total.
 * @returns an analysis with values only; a failure is captured in `openError`, after the
 *   pickles read before it.
 * @throws never for bad input.
 */
export async function analyzeStream(file: Blob, onProgress: (done: number, total: number) => void): Promise<Analysis> {
  const total = file.size;
  let codec: CodecName | undefined;
  const found: { value: unknown; offset: number }[] = [];
  let openError: string | undefined;
  let cut = false;
  const options = {
    ...loaderOptions(),
    onProgress: (n: number) => onProgress(n, total),
    onCodec: (c: CodecName | undefined) => {
      codec = c;
    },
  };
  try {
    for await (const p of loadAllFromStream(file, options)) {
      found.push(p);
      // The page lists at most this many pickles of one stream, as for smaller files.
      if (found.length >= MAX_STREAM_PICKLES) {
        cut = true;
        break;
      }
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    openError = found.length > 0 ? message : `${message} (a file this large is read as a stream, which holds plain or compressed pickles only)`;
  }
  // Each pickle ends where the next starts; the last one at the end of an uncompressed file.
  const ends = found.map((p, i) => found[i + 1]?.offset ?? (codec === undefined && openError === undefined && !cut ? total : p.offset));
  const pickles = found.map((p, i) => streamedPickle(p.value, p.offset, ends[i]!, i));
  const layers = [...(codec !== undefined ? [codec] : []), 'pickle stream'];
  return {
    opened: { layers, scanBytes: NOTHING, torch: false, pickles: [], values: [] },
    pickles,
    report: notScanned(),
    openError,
    size: total,
    streamed: true,
  };
}
