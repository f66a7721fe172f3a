/**
 * The pickle tutorial's first object: an instance holding a number, a string,
 * a list, a dict and a tuple is pickled, then mutated, then unpickled: the
 * copy has the old state.
 *
 * Run: node build/examples/tutorial/record.js
 */
import { Registry, Tuple, dumps, loads, standardTypes } from 'picklejar';
import { hex, isMain } from './is-main.js';

/** Python: `class Record` in module `tutorial` (test/registry/tutorial.py). */
export class Record {
  number = 42;
  text = 'hello';
  list: number[] = [1, 2, 3];
  dict = new Map<string, number>([['a', 1]]);
  tuple = new Tuple<unknown>(['x', 2]);
}

/** Registering the class is what lets it pickle (and load) as `tutorial.Record`. */
export const registry = new Registry([standardTypes]).registerClass(Record, 'tutorial', 'Record');

/** Pickles a record, mutates it, unpickles the pickle. */
export function run(): { bytes: Uint8Array; mutated: Record; restored: Record } {
  const record = new Record();
  const bytes = dumps(record, { registry });

  record.number = 0;
  record.text = 'changed';
  record.list.push(4);
  record.dict.set('b', 2);
  record.tuple = new Tuple<unknown>([]);

  const restored = loads(bytes, { registry }) as Record;
  return { bytes, mutated: record, restored };
}

if (isMain(import.meta.url)) {
  const { bytes, mutated, restored } = run();
  console.log('pickle:  ', hex(bytes));
  console.log('mutated: ', mutated);
  console.log('restored:', restored, restored instanceof Record);
}
