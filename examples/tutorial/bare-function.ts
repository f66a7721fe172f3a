/**
 * The tutorial's last point: functions pickle by reference (their qualified
 * name), never by value. A bare JS function fails with a clear
 * `PicklingError`; a function registered under a Python name pickles as that
 * global.
 *
 * Run: node build/examples/tutorial/bare-function.js
 */
import { PicklingError, Registry, dumps } from 'picklejar';
import { hex, isMain } from './is-main.js';

/** Python: `tutorial.hello`. */
export function hello(name: string): string {
  return `hello, ${name}`;
}

/** Tries a bare function, then a registered one. */
export function run(): { error: PicklingError; bytes: Uint8Array } {
  let error: PicklingError | undefined;
  try {
    dumps({ callback: hello });
  } catch (e) {
    if (!(e instanceof PicklingError)) throw e;
    error = e;
  }
  if (error === undefined) throw new Error('expected a PicklingError');
  const registry = new Registry().registerFunction('tutorial', 'hello', hello);
  const bytes = dumps({ callback: hello }, { registry });
  return { error, bytes };
}

if (isMain(import.meta.url)) {
  const { error, bytes } = run();
  console.log('bare function:', error.message);
  console.log('registered:   ', hex(bytes));
}
