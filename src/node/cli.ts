#!/usr/bin/env node
/**
 * The `picklejar` executable. All the work is in run-cli.ts; this file only
 * binds it to the process.
 */
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

// A reader that goes away early (`picklejar dis big.pkl | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`picklejar: ${err.message}\n`);
    process.exit(1);
  });
}

runCli(process.argv.slice(2), processIo()).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`picklejar: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
