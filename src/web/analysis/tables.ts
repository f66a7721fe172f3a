/**
 * The Tables view's model: DataFrames in a loaded value, each as column names,
 * an index label per row and a cell reader, so the view pages through rows
 * without copying the frame.
 */
import type { TreePath } from './value-tree.js';
import { findInTree } from './arrays.js';
import { dataFrameAdapter } from './ml-adapters.js';

/** One table found in the value. */
export interface TableItem {
  readonly name: string;
  readonly path: TreePath;
  readonly pickle: number;
  readonly rows: number;
  readonly columns: readonly string[];
  /** The index label of row `r`, as text. */
  readonly index: (r: number) => string;
  /** The text of the cell at row `r`, column `c`. */
  readonly cell: (r: number, c: number) => string;
}

/** Turns a value into a table when it is one. */
export type TableAdapter = (value: unknown) => Omit<TableItem, 'name' | 'path' | 'pickle'> | undefined;

/** The adapters in use. */
export const TABLE_ADAPTERS: TableAdapter[] = [dataFrameAdapter];

/**
 * Finds the tables in a value, pre-order, without recursion.
 * @param root the loaded value.
 * @param pickle the pickle's index.
 * @returns the tables in tree order.
 * @throws never.
 */
export function findTables(root: unknown, pickle: number, adapters: readonly TableAdapter[] = TABLE_ADAPTERS, limit = 200_000): TableItem[] {
  if (adapters.length === 0) return [];
  return findInTree(
    root,
    pickle,
    (value) => {
      for (const adapt of adapters) {
        let item: ReturnType<TableAdapter>;
        try {
          item = adapt(value);
        } catch {
          item = undefined;
        }
        if (item !== undefined) return item;
      }
      return undefined;
    },
    limit,
  );
}
