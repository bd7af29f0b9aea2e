import { Placements1795460736982 } from './1795460736982-Placements.js';
import { Registry1795460376596 } from './1795460376596-Registry.js';
import { Foundation1795459818414 } from './1795459818414-Foundation.js';
/**
 * Every migration in order. `npm run migration:generate -- <Name>` writes a new file
 * beside this one and adds it here.
 */
export const migrations: Function[] = [
  Foundation1795459818414,
  Registry1795460376596,
  Placements1795460736982,
];
