/**
 * The tutorial's "stateful object" part 2: `[pickleSetState]` (Python's
 * `__setstate__`) puts back the field `[pickleGetState]` left out, so the
 * unpickled object works and carries on where the original was.
 *
 * Run: node build/examples/tutorial/setstate.js
 */
import { Registry, applyDefaultState, dumps, loads, pickleSetState } from 'picklejar';
import { Greeter, defaultFormat } from './getstate.js';
import { hex, isMain } from './is-main.js';

/** A greeter whose function field comes back on load. */
export class RestoringGreeter extends Greeter {
  [pickleSetState](state: unknown): void {
    applyDefaultState(this, state);
    this.format = defaultFormat;
  }
}

export const registry = new Registry().registerClass(RestoringGreeter, 'tutorial', 'RestoringGreeter');

/** Greets twice, pickles, unpickles, greets again on the copy. */
export function run(): { bytes: Uint8Array; before: string; after: string; restored: RestoringGreeter } {
  const greeter = new RestoringGreeter('Grace');
  greeter.greet();
  const before = greeter.greet();
  const bytes = dumps(greeter, { registry });
  const restored = loads(bytes, { registry }) as RestoringGreeter;
  const after = restored.greet();
  return { bytes, before, after, restored };
}

if (isMain(import.meta.url)) {
  const { bytes, before, after } = run();
  console.log('pickle:', hex(bytes));
  console.log('before:', before);
  console.log('after: ', after);
}
