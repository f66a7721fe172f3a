/**
 * The streams and environment a CLI command runs with. Commands receive this
 * instead of touching `process` so that they can be driven in-process too.
 */

/** A writable text/binary stream such as `process.stdout`. */
export interface CliOutput {
  write(chunk: string | Uint8Array): boolean;
  /** True when the stream is a terminal. */
  readonly isTTY?: boolean;
  /** Terminal width in columns, when the stream is a terminal. */
  readonly columns?: number;
}

/** Everything a command needs from its surroundings. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
