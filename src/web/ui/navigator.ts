/** How one view asks the page to show something in another. */
import type { TreePath } from '../analysis/value-tree.js';

export type TabName = 'value' | 'arrays' | 'tables' | 'dis' | 'safety';

export interface Navigator {
  /** Selects a tab (and focuses it when `focus`). */
  showTab(tab: TabName, focus?: boolean): void;
  /** Opens the Value tab and reveals, selects and focuses the node at `path` of pickle `pickle`. */
  revealNode(pickle: number, path: TreePath): void;
  /** Opens the Disassembly tab at the line of the opcode at `offset` of pickle `pickle`. */
  revealOffset(pickle: number, offset: number): void;
  /** Opens the Arrays (or Tables) tab on the array (or frame) at `path` of pickle `pickle`. */
  revealArray(pickle: number, path: TreePath): void;
  revealTable(pickle: number, path: TreePath): void;
}
