/**
 * Imported first by the API and the worker, so it applies before the app's modules load.
 *
 * V8 lets a busy process's heap grow up to four times its live size before the next full
 * collection; a ledger import or an export of 100,000 rows (much short-lived garbage) then took
 * each process 150-300 MB above what it held. A growth of 1.5 times the live size keeps them near
 * it at the same speed (bench:import). It is not a cap: a heap that needs more still grows, up to
 * V8's usual limit. A `--heap-growing-percent` or `--max-old-space-size` given to node (on the
 * command line or in NODE_OPTIONS) is left as given.
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) =>
  /^--(heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size)\b/.test(a),
);
if (!given) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
