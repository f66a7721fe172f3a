/**
 * One load, every view: the input is opened once, each pickle is loaded
 * (lossless, so the tree shows what the bytes said), disassembled, replayed
 * over skeleton slots, and the whole input is scanned. Nothing from the file
 * is ever executed: the unpickler builds inert values only.
 */
import { Unpickler } from '../../ml/default-unpickler.js';
import type { UnpicklerOptions } from '../../unpickler/options.js';
import { genops, type OpToken } from '../../tools/genops.js';
import { dis } from '../../tools/dis.js';
import { scanAsync } from '../../safety/scan.js';
import { NUMPY_GLOBALS, TORCH_GLOBALS } from '../../safety/allowlist.js';
import type { ScanReport } from '../../safety/report.js';
import { openLayout, type FileLayout } from '../../containers/open.js';
import { replaySlots, type SlotReplay } from './op-slots.js';

/** Most pickles of one stream the page lists (a stream could hold millions of tiny ones). */
export const MAX_STREAM_PICKLES = 1000;
/** Most opcodes kept for linking; a larger pickle still loads, its later lines are just not linked. */
export const MAX_TOKENS = 2_000_000;
/** Longest disassembly text produced (characters). */
export const MAX_DIS_CHARS = 32 * 1024 * 1024;

/** One pickle (or stream of pickles) found in the input. */
export interface PickleSource {
  /** Where it lives, as the scanner names it: [] for the input itself, else e.g. a zip member name. */
  readonly path: readonly string[];
  /** The pickle's bytes (a stream of one or more pickles); offsets count from their start. */
  readonly bytes: Uint8Array;
  /**
   * The value a container reader built for the pickle at stream index `valueAt` (torch tensors
   * with their storages, joblib arrays read from the stream): shown instead of the plain load.
   */
  readonly value?: unknown;
  readonly valueAt?: number;
  /** Most pickles to read from the stream (legacy torch files end with raw storage bytes). */
  readonly maxPickles?: number;
}

/** What the input turned out to be, as the core's `openLayout` found it. */
export interface OpenedInput {
  /** The formats peeled off, outermost first, e.g. ['gzip', 'pickle']. */
  readonly layers: readonly string[];
  /** Bytes to give the scanner (it reads zip and .npy itself, not compression). */
  readonly scanBytes: Uint8Array;
  /** True for PyTorch checkpoints, whose tensors are persistent ids by design. */
  readonly torch: boolean;
  /** The pickles to load, disassemble and show. */
  readonly pickles: readonly PickleSource[];
  /** Values a container yields besides pickles (a .npy array, .npz members), by name. */
  readonly values: readonly { readonly name: string; readonly value: unknown }[];
}

/** Compression layers unwrapped at most (a crafted file could nest them forever). */
const MAX_LAYERS = 4;

/**
 * Opens the input with the core's dispatcher (the one picklejar/node and the CLI use) and
 * says what the views need: the layers, the pickle stream, the container's values.
 * @param bytes the file's bytes.
 * @returns the pickles and any container values.
 * @throws PickleError (NotAPickleError, DecompressionError, UnpicklingError) when a layer is
 *   corrupt, too large, or not something picklejar reads.
 */
export function openInput(bytes: Uint8Array): OpenedInput {
  const layout: FileLayout = openLayout(bytes, { maxCompressionLayers: MAX_LAYERS });
  const layers = [...layout.codecs, layout.kind.replace('-', ' ')];
  const torch = layout.kind === 'torch-zip' || layout.kind === 'torch-legacy';
  const values: { name: string; value: unknown }[] = [];
  const pickles: PickleSource[] = [];
  if (layout.pickles === undefined) {
    // .npy and .npz hold arrays, no pickle stream: their values stand alone.
    const value = layout.read!();
    if (value instanceof Map) for (const [name, member] of value as Map<string, unknown>) values.push({ name, value: member });
    else values.push({ name: 'array', value });
  } else {
    const path = layout.member !== undefined ? [layout.member] : [];
    const container = layout.read !== undefined ? { value: layout.read(), valueAt: layout.readIndex ?? 0 } : {};
    const count = layout.pickleCount !== undefined ? { maxPickles: layout.pickleCount } : {};
    pickles.push({ path, bytes: layout.pickles, ...container, ...count });
  }
  return { layers, scanBytes: layout.content, torch, pickles, values };
}

/** One pickle of the input: its value or error, its opcodes and its disassembly. */
export interface PickleAnalysis {
  readonly source: PickleSource;
  /**
   * Set for a value a container holds outside any pickle (a .npy array, an .npz member):
   * its name. Such entries have no opcodes.
   */
  readonly containerValue?: string;
  /** Index in its stream (0 for the first pickle, 1 for one after its STOP, …). */
  readonly stream: number;
  /** Offsets of its first opcode and just past its STOP (or where loading failed). */
  readonly start: number;
  readonly end: number;
  /** The loaded value, when loading succeeded. */
  readonly value?: unknown;
  /** Why loading failed, as the library's error message says it. */
  readonly error?: string;
  /** Its opcodes (at most MAX_TOKENS). */
  readonly tokens: readonly OpToken[];
  /**
   * pickletools' dis text (up to the error, if it failed) and its error. Computed on first
   * call: printing a multi-megabyte constant takes seconds, and the other views need none of it.
   */
  readonly disassemble: () => { readonly text: string; readonly error?: string };
  /** Which opcode built which part of the value. */
  readonly replay: SlotReplay;
}

/** Everything the views show. */
export interface Analysis {
  readonly opened: OpenedInput;
  readonly pickles: readonly PickleAnalysis[];
  /** The scanner's report. */
  readonly report: ScanReport;
  /** When opening the input failed (corrupt compression, …): the message. */
  readonly openError?: string;
  /** Input size in bytes. */
  readonly size: number;
  /** True when the file was too large for one buffer and read as a stream: values only, not scanned. */
  readonly streamed?: boolean;
}

/** The one set of loader options the page uses. */
export function loaderOptions(): UnpicklerOptions {
  return { lossless: true };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function analyzeSource(source: PickleSource): PickleAnalysis[] {
  const out: PickleAnalysis[] = [];
  const bytes = source.bytes;
  const loader = new Unpickler(bytes, loaderOptions());
  let stream = 0;
  let pos = 0;
  const maxPickles = Math.min(MAX_STREAM_PICKLES, source.maxPickles ?? MAX_STREAM_PICKLES);
  while (stream < maxPickles) {
    const start = pos;
    let value: unknown;
    let error: string | undefined;
    try {
      // Each pickle.load on a file starts with an empty memo.
      if (stream > 0) loader.clearMemo();
      value = loader.load();
      pos = loader.position;
    } catch (e) {
      error = message(e);
    }
    if (source.valueAt === stream) {
      // The container reader's value (tensors with storages, joblib arrays) replaces the plain
      // load; where the plain load stopped at data only the container understands, the
      // container's reading stands.
      value = source.value;
      if (error !== undefined) {
        error = undefined;
        pos = bytes.length;
      }
    }
    const tokens: OpToken[] = [];
    try {
      for (const t of genops(bytes, { start })) {
        if (tokens.length < MAX_TOKENS) tokens.push(t);
        if (error !== undefined && t.offset + t.length >= bytes.length) break;
      }
    } catch {
      // genops stops at the same malformed byte the loader reported; what it read stays.
    }
    let disassembly: { text: string; error?: string } | undefined;
    const disassemble = (): { text: string; error?: string } => {
      if (disassembly === undefined) {
        try {
          disassembly = { text: dis(bytes, { start, maxOutput: MAX_DIS_CHARS }) };
        } catch (e) {
          disassembly = { text: (e as { output?: string }).output ?? '', error: message(e) };
        }
      }
      return disassembly;
    };
    const end = error === undefined ? pos : bytes.length;
    const replay = replaySlots(tokens);
    out.push({ source, stream, start, end, value, error, tokens, disassemble, replay });
    stream++;
    if (error !== undefined || pos >= bytes.length) break;
  }
  return out;
}

/**
 * Opens, loads, disassembles and scans an input.
 * @param bytes the file's bytes.
 * @returns the analysis; errors are captured in it, not thrown.
 * @throws never for bad input.
 */
export async function analyze(bytes: Uint8Array): Promise<Analysis> {
  let opened: OpenedInput;
  let openError: string | undefined;
  try {
    opened = openInput(bytes);
  } catch (e) {
    openError = message(e);
    opened = { layers: ['unknown'], scanBytes: bytes, torch: false, pickles: [], values: [] };
  }
  const pickles = opened.pickles.flatMap(analyzeSource);
  for (const { name, value } of opened.values) {
    pickles.push({
      source: { path: [name], bytes: new Uint8Array(0) },
      containerValue: name,
      stream: 0,
      start: 0,
      end: 0,
      value,
      tokens: [],
      disassemble: () => ({ text: '' }),
      replay: { root: undefined, slots: [] },
    });
  }
  const report = await scanAsync(opened.scanBytes, {
    allow: [...NUMPY_GLOBALS, ...TORCH_GLOBALS],
    allowPersistentIds: opened.torch,
  });
  return { opened, pickles, report, openError, size: bytes.length };
}
