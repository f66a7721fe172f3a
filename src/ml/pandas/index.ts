export { DataFrame, PandasObject, Series } from './frame.js';
export type { ColumnValues, DecodedIndex } from './decode.js';
export { formatDataFrame, formatSeries } from './format.js';
