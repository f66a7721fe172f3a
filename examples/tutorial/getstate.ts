/**
 * The tutorial's "stateful object" part 1: a field that can't be pickled (a
 * function) makes pickling fail; `[pickleGetState]` leaves it out of the state.
 *
 * Run: node build/examples/tutorial/getstate.js
 */
import { PicklingError, Registry, dumps, loads, pickleGetState } from 'picklejar';
import { hex, isMain } from './is-main.js';

/** Formats one greeting line. */
export function defaultFormat(name: string, n: number): string {
  return `${n}: hello, ${name}`;
}

/** Holds a function field, so its default state (all own fields) can't be pickled. */
export class NaiveGreeter {
  count = 0;
  constructor(
    public name = 'world',
    public format: (name: string, n: number) => string = defaultFormat,
  ) {}

  greet(): string {
    this.count += 1;
    return this.format(this.name, this.count);
  }
}

/** The same, with a state that leaves the function out (Python's `__getstate__`). */
export class Greeter extends NaiveGreeter {
  [pickleGetState](): Map<string, unknown> {
    const state = new Map<string, unknown>(Object.entries(this));
    state.delete('format');
    return state;
  }
}

export const registry = new Registry().registerClass(NaiveGreeter, 'tutorial', 'NaiveGreeter').registerClass(Greeter, 'tutorial', 'Greeter');

/** Shows the failure, then the fix. */
export function run(): { error: PicklingError; bytes: Uint8Array; restored: Greeter } {
  let error: PicklingError | undefined;
  try {
    dumps(new NaiveGreeter(), { registry });
  } catch (e) {
    if (!(e instanceof PicklingError)) throw e;
    error = e;
  }
  if (error === undefined) throw new Error('expected a PicklingError');
  const greeter = new Greeter('Ada');
  greeter.greet();
  const bytes = dumps(greeter, { registry });
  const restored = loads(bytes, { registry }) as Greeter;
  return { error, bytes, restored };
}

if (isMain(import.meta.url)) {
  const { error, bytes, restored } = run();
  console.log('without getstate:', error.message);
  console.log('pickle:', hex(bytes));
  console.log('restored:', restored, 'has format:', 'format' in restored);
}
