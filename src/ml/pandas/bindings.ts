/**
 * pandas bindings: `DataFrame` and `Series` load as picklejar's classes
 * (NEWOBJ + BUILD of their state dict), and dump back the same way, as
 * `object.__reduce_ex__(2)` writes them. Their internals (block managers,
 * indexes, extension arrays) stay inert `PyObject`s holding `NDArray`s.
 */
import type { Registry } from '../../registry/registry.js';
import { PyGlobal } from '../../values/py-global.js';
import { DataFrame, Series } from './frame.js';

const NEWOBJ = new PyGlobal('copyreg', '__newobj__');

/**
 * Registers pandas' frame and series classes into `reg`.
 * @throws PickleError when `reg` is frozen.
 */
export function registerPandas(reg: Registry): Registry {
  for (const [cls, module, name] of [
    [DataFrame, 'pandas.core.frame', 'DataFrame'],
    [Series, 'pandas.core.series', 'Series'],
  ] as const) {
    const g = new PyGlobal(module, name);
    reg.registerClass(cls as typeof DataFrame, module, name, {
      create: () => new cls(g),
      setState: (v, state) => {
        v.state = state;
      },
      reduce: (v) => (v.state === undefined ? { callable: NEWOBJ, args: [v.pyClass] } : { callable: NEWOBJ, args: [v.pyClass], state: v.state }),
    });
  }
  return reg;
}
