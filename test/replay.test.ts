/**
 * Running workflows outlive deploys: histories recorded from the workflows as they were before
 * a change to their path (test/histories/, recorded on the time-skipping server with stub
 * activities, one per situation a running process can be in) must replay on today's code
 * without a non-determinism error. A change that is not behind `patched()` fails here.
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { workflowBundle } from './support/temporal.js';

const dir = new URL('./histories/', import.meta.url);
const histories = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('has recorded histories to replay', () => {
  expect(histories.length).toBeGreaterThan(0);
});

it.each(histories)('replays %s', async (file) => {
  // Stored as protobufjs' toJSON; fromObject reads it back (the SDK's own historyFromJSON trips over Jest's ESM loader).
  const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
});
