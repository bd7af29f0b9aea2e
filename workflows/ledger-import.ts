/**
 * 台账导入: applies a confirmed ledger preview in batches. Each batch is one
 * activity; the activity applies only rows not yet applied, in one transaction with the
 * progress counters, matching every row by its natural key — so a batch retried after a
 * worker restart, or a file imported twice, changes nothing the second time.
 */
import { proxyActivities, setHandler } from '@temporalio/workflow';
import { LEDGER_BATCH_ACTIVITY } from './activity-options.js';
import type { LedgerActivities } from '../src/ledgers/ledgers.activities.js';
import { LedgerImportInput, LedgerImportProgress, ledgerImportProgressQuery } from './definitions.js';

const acts = proxyActivities<LedgerActivities>(LEDGER_BATCH_ACTIVITY);

export async function ledgerImport(input: LedgerImportInput): Promise<LedgerImportProgress> {
  const batches = Math.ceil(input.total / input.batchSize);
  const state: LedgerImportProgress = {
    importId: input.importId,
    batchesDone: 0,
    batches,
    rowsDone: 0,
    total: input.total,
    finished: false,
  };
  setHandler(ledgerImportProgressQuery, () => state);
  try {
    for (let b = 0; b < batches; b++) {
      const from = b * input.batchSize;
      const to = Math.min(input.total, from + input.batchSize);
      await acts.importLedgerBatch({ importId: input.importId, from, to, actor: input.actor });
      state.batchesDone = b + 1;
      state.rowsDone = to;
    }
  } catch (err) {
    await acts.failLedgerImport({ importId: input.importId, reason: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  await acts.finishLedgerImport({ importId: input.importId });
  state.finished = true;
  return state;
}
