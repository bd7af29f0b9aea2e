import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the workflow code is: the source the worker bundles, or the bundle made at build time. */

/** Path of workflows/index (compiled .js next to dist/src, or the .ts source under jest). */
export function workflowsPath(): string {
  for (const candidate of ['../../workflows/index.js', '../../workflows/index.ts']) {
    const p = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('workflows/index not found next to the worker');
}

export function prebuiltBundlePath(): string {
  return fileURLToPath(new URL('../../workflow-bundle.js', import.meta.url));
}

export const hasPrebuiltBundle = (): boolean => existsSync(prebuiltBundlePath());
