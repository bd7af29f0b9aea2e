/**
 * Running workflows outlive deploys: histories recorded with earlier versions of the workflow
 * code (test/histories/, one per situation a running process can be in that a later change
 * touched) must replay on today's code without a non-determinism error. A change that would
 * break one goes behind `patched()`.
 *
 * The histories were recorded on the time-skipping server with the activities answering as
 * test doubles, and saved as protobufjs JSON (longs, enums and bytes as strings); fromObject
 * reads them back (the SDK's own historyFromJSON trips over Jest's ESM loader).
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { workflowBundle } from './support/temporal.js';

const dir = new URL('./histories/', import.meta.url);
const recorded = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('there are recorded histories to replay', () => {
  expect(recorded.length).toBeGreaterThan(0);
});

it.each(recorded)('%s replays on the current workflow code', async (file) => {
  const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file.replace(/\.json$/, ''));
});
