export { fromPython2, toPython2 } from './fix-imports.js';
export type { GlobalName } from './fix-imports.js';
