export * from './cli-io.js';
export { runCli, COMMANDS } from './run-cli.js';
export { UsageError, type OptionSpec, type ParsedArgs } from './args.js';
export type { Command } from './commands/command.js';
export {
  load,
  loadAll,
  open,
  dump,
  compressionForPath,
  encodeForPath,
  FileAccessError,
  type NodeInput,
  type LoadFileOptions,
  type DumpFileOptions,
} from './files.js';
