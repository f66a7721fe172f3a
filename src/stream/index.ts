export { loadAllFromStream, loadFromStream, openPickleStream, type StreamLoadOptions, type StreamedPickle } from './load-stream.js';
export { PickleStreamReader } from './pickle-reader.js';
export { dumpToSink, type DumpSinkOptions } from './dump-sink.js';
export { findPickleEnd, type PickleEndScan } from './pickle-end.js';
export type { ByteSource } from './source.js';
export type { BlobLike, ByteReadResult, ByteStream, ByteStreamReader, ResponseLike } from '../wire/web-streams.js';
