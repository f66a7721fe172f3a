/**
 * A small hand-written command-line parser: short and long options, values
 * given as `-l4`, `-l 4`, `--indentlevel=4` or `--indentlevel 4`, grouped
 * short flags (`-am`), `--` to end options, and `-` as a positional (standard
 * input). Written here so the package keeps zero runtime dependencies.
 */

/** One option a command accepts. */
export interface OptionSpec {
  /** Key under which the parsed value is stored, e.g. `indentlevel`. */
  readonly key: string;
  /** Long name without dashes, e.g. `indentlevel`. */
  readonly long: string;
  /** Single-letter short name without the dash, e.g. `l`. */
  readonly short?: string;
  /** Name of the value in help text (e.g. `N`); absent for boolean flags. */
  readonly value?: string;
  /** One-line description for `--help`. */
  readonly help: string;
  /** Accept the option several times, collecting every value. */
  readonly repeat?: boolean;
}

/** The parsed command line: option values by key, and positionals in order. */
export interface ParsedArgs {
  /** `true` for flags that were given; the string (or strings, for `repeat`) for valued options. */
  readonly options: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/** A mistake on the command line: reported as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses `argv` against `specs`.
 * @throws {UsageError} for an unknown option, a missing value, or a value given to a flag.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options: Record<string, string | boolean | string[] | undefined> = {};
  const positionals: string[] = [];
  const set = (spec: OptionSpec, value: string | boolean): void => {
    if (spec.repeat && typeof value === 'string') {
      const list = (options[spec.key] as string[] | undefined) ?? [];
      list.push(value);
      options[spec.key] = list;
    } else {
      options[spec.key] = value;
    }
  };
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i++];
    if (arg === '--') {
      positionals.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = findLong(specs, name);
      if (spec.value === undefined) {
        if (eq >= 0) throw new UsageError(`option --${spec.long} takes no value`);
        set(spec, true);
      } else if (eq >= 0) {
        set(spec, arg.slice(eq + 1));
      } else {
        if (i >= argv.length) throw new UsageError(`option --${spec.long} needs a value (${spec.value})`);
        set(spec, argv[i++]);
      }
      continue;
    }
    if (arg.length > 1 && arg.startsWith('-') && !isNegativeNumber(arg)) {
      // A group of short flags; a valued option takes the rest of the group or the next word.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j];
        const spec = specs.find((s) => s.short === letter);
        if (spec === undefined) throw new UsageError(`unknown option -${letter}`);
        if (spec.value === undefined) {
          set(spec, true);
          continue;
        }
        if (j + 1 < arg.length) {
          set(spec, arg.slice(j + 1));
        } else {
          if (i >= argv.length) throw new UsageError(`option -${letter} needs a value (${spec.value})`);
          set(spec, argv[i++]);
        }
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { options, positionals };
}

function findLong(specs: readonly OptionSpec[], name: string): OptionSpec {
  const exact = specs.find((s) => s.long === name);
  if (exact) return exact;
  // Unambiguous prefixes are accepted, as Python's argparse does (`--anno` for `--annotate`).
  const matches = specs.filter((s) => s.long.startsWith(name));
  if (name.length > 0 && matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new UsageError(`ambiguous option --${name} (could be ${matches.map((s) => '--' + s.long).join(', ')})`);
  }
  throw new UsageError(`unknown option --${name}`);
}

function isNegativeNumber(arg: string): boolean {
  return /^-\d/.test(arg);
}

/**
 * Parses an integer option as Python's `int()` would accept it from argparse.
 * @throws {UsageError} when `text` is not an integer.
 */
export function parseIntOption(text: string, name: string): number {
  const trimmed = text.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(trimmed)) throw new UsageError(`option ${name}: invalid integer value '${text}'`);
  const n = Number(trimmed.replace(/_/g, ''));
  if (!Number.isSafeInteger(n)) throw new UsageError(`option ${name}: integer out of range '${text}'`);
  return n;
}

/** Renders the options part of a `--help` text, aligned in two columns. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const left = specs.map((s) => {
    const long = `--${s.long}${s.value ? ' ' + s.value : ''}`;
    return s.short ? `-${s.short}, ${long}` : `    ${long}`;
  });
  const width = Math.max(...left.map((l) => l.length), 0) + 2;
  return specs.map((s, k) => `  ${left[k].padEnd(width)}${s.help}`).join('\n');
}
