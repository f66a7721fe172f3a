/**
 * `DataFrame` and `Series`: pandas objects as JS values. The pickled state
 * is kept as it was loaded (so `dumps` writes the same bytes back); columns,
 * index and records are decoded from it on first use.
 */
import { PY_REPR } from '../../repr/py-repr.js';
import { PyGlobal } from '../../values/py-global.js';
import { formatDataFrame, formatSeries } from './format.js';
import { blockColumn, decodeIndex, decodeManager, valuesList, type ColumnValues, type DecodedIndex } from './decode.js';

/** What DataFrame and Series share: the pickled state and its decoding. */
export abstract class PandasObject {
  /** The BUILD state pandas pickled (a dict with `_mgr`, `_typ`, `attrs`, …), kept for dumps. */
  state: unknown = undefined;
  #decoded: { index: DecodedIndex | undefined; columns: unknown[]; values: Map<number, ColumnValues> } | undefined;

  /** @param pyClass the pandas class it was loaded as. */
  constructor(readonly pyClass: PyGlobal) {}

  protected decoded(): { index: DecodedIndex | undefined; columns: unknown[]; values: Map<number, ColumnValues> } {
    if (this.#decoded !== undefined) return this.#decoded;
    const mgr = decodeManager(this.state instanceof Map ? this.state.get('_mgr') : undefined);
    const values = new Map<number, ColumnValues>();
    let columns: unknown[] = [];
    let index: DecodedIndex | undefined;
    if (mgr !== undefined) {
      const frame = mgr.axes.length >= 2;
      const colIndex = frame ? decodeIndex(mgr.axes[0]) : undefined;
      index = decodeIndex(mgr.axes[frame ? 1 : 0]);
      columns = colIndex === undefined ? [] : valuesList(colIndex.values);
      for (const b of mgr.blocks) {
        b.locs.forEach((loc, row) => {
          const col = blockColumn(b.values, row);
          if (col !== undefined) values.set(loc, col);
        });
      }
      if (!frame) columns = [this.state instanceof Map ? (this.state.get('name') ?? null) : null];
    }
    this.#decoded = { index, columns, values };
    return this.#decoded;
  }

  /** The row labels (index values) as a JS array. */
  get index(): unknown[] {
    const ix = this.decoded().index;
    return ix === undefined ? [] : valuesList(ix.values);
  }

  /** The index values as decoded: an NDArray (datetime64 counts for a DatetimeIndex) or a JS array. */
  get indexValues(): ColumnValues | undefined {
    return this.decoded().index?.values;
  }

  /** The index's name (null when unnamed). */
  get indexName(): unknown {
    return this.decoded().index?.name ?? null;
  }
}

/** A pandas DataFrame. */
export class DataFrame extends PandasObject {
  /** The column labels. */
  get columns(): unknown[] {
    return this.decoded().columns;
  }

  /** `[rows, columns]`. */
  get shape(): [number, number] {
    return [this.index.length, this.columns.length];
  }

  /**
   * The values of one column: an `NDArray` (numeric, bool, object, datetime64
   * as counts of its unit) or a JS array (categoricals), or undefined when there
   * is no such column or its storage is not one picklejar decodes.
   */
  column(name: unknown): ColumnValues | undefined {
    const at = this.columns.findIndex((c) => c === name);
    return at < 0 ? undefined : this.decoded().values.get(at);
  }

  /** pandas' text for the frame (what `pyRepr` and `picklejar show` print). */
  [PY_REPR](): string {
    return formatDataFrame(this);
  }

  /** One plain object per row, keyed by column label (as a string). */
  toRecords(): Record<string, unknown>[] {
    const cols = this.columns;
    const lists = cols.map((_, i) => {
      const v = this.decoded().values.get(i);
      return v === undefined ? [] : valuesList(v);
    });
    const n = this.index.length;
    const out: Record<string, unknown>[] = [];
    for (let r = 0; r < n; r++) {
      const rec: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      cols.forEach((c, i) => {
        rec[String(c)] = lists[i]![r];
      });
      out.push(rec);
    }
    return out;
  }
}

/** A pandas Series. */
export class Series extends PandasObject {
  /** The series' name. */
  get name(): unknown {
    return this.state instanceof Map ? (this.state.get('name') ?? null) : null;
  }

  /** The values: an `NDArray` or a JS array (categoricals), or undefined when not decodable. */
  get values(): ColumnValues | undefined {
    return this.decoded().values.get(0);
  }

  /** pandas' text for the series. */
  [PY_REPR](): string {
    return formatSeries(this);
  }

  /** The values as a JS array. */
  tolist(): unknown[] {
    const v = this.values;
    return v === undefined ? [] : valuesList(v);
  }
}
