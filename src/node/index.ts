export * from './cli-io.js';
export { runCli, COMMANDS } from './run-cli.js';
export { UsageError } from './args.js';
