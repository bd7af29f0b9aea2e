/**
 * `node dist/src/temporal/bundle-workflows.js`: bundles the workflow code once, at build time,
 * into dist/workflow-bundle.js, so the worker process does not run webpack when it starts
 * (which cost it about 100 MB of memory it kept, and seconds of start-up). `nest build`
 * empties dist/ first, so a bundle is never older than the code beside it; without one
 * the worker bundles at start as before.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prebuiltBundlePath, workflowsPath } from './workflow-code.js';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: undefined });
  writeFileSync(prebuiltBundlePath(), code);
  console.log(
    `workflow bundle: ${prebuiltBundlePath()} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)`,
  );
}
