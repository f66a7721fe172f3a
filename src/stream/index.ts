export { loadAllFromStream, loadFromStream, type StreamLoadOptions, type StreamedPickle } from './load-stream.js';
export { dumpToSink, type DumpSinkOptions } from './dump-sink.js';
export { findPickleEnd, type PickleEndScan } from './pickle-end.js';
export type { ByteSource } from './source.js';
