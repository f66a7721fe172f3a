export { DataFrame, Series } from './frame.js';
export type { ColumnValues } from './decode.js';
export { formatDataFrame, formatSeries } from './format.js';
