/**
 * Running workflows outlive deploys: histories recorded with earlier versions of the workflow
 * code (test/histories/, one per situation a running process can be in that a later change
 * touched) must replay on today's code without a non-determinism error. A change that would
 * break one goes behind `patched()`.
 *
 * Recorded by the workflow tests (`npm run record:histories` saves the ones not saved yet).
 * The histories were recorded on the time-skipping server with the activities answering as
 * test doubles, and saved as protobufjs JSON (longs, enums and bytes as strings); fromObject
 * reads them back (the SDK's own historyFromJSON trips over Jest's ESM loader).
 */
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workflowBundle } from './support/temporal.js';

const dir = new URL('./histories/', import.meta.url);
const recorded = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('there are recorded histories to replay', () => {
  expect(recorded.length).toBeGreaterThan(0);
});

const historyOf = (file: string) =>
  temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));

it.each(recorded)('%s replays on the current workflow code', async (file) => {
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle() },
    historyOf(file),
    file.replace(/\.json$/, ''),
  );
});

it('a change to a workflow’s path that is not behind patched() fails the replay of its histories', async () => {
  // The same workflows, but the contract deadline sets a timer before everything else.
  const incompatible = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./fixtures/incompatible-workflows.ts', import.meta.url)),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
  });
  const contract = recorded.filter((f) => f.startsWith('contract-deadline-'));
  expect(contract.length).toBeGreaterThan(0);
  for (const file of contract)
    await expect(
      Worker.runReplayHistory({ workflowBundle: incompatible }, historyOf(file), file.replace(/\.json$/, '')),
    ).rejects.toMatchObject({ name: 'DeterminismViolationError' });
  // The others are untouched by the change and still replay on that code.
  await Worker.runReplayHistory(
    { workflowBundle: incompatible },
    historyOf('claim-approval-training-paid.json'),
    'other',
  );
}, 120_000);
