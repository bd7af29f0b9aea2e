import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import type { Actor } from '../common/request-context.js';
import { Activities } from '../temporal/activities.decorator.js';
import type { ImportCounts } from './ledger.entity.js';
import { LedgerImportsService } from './ledger-imports.service.js';

/**
 * The ledgerImport workflow's side effects; idempotent by the rows' natural keys and their
 * applied flags. A batch heartbeats while it runs, so a worker that dies mid-batch is noticed
 * within the heartbeat timeout and the batch is retried on another (or the restarted) worker.
 */
@Injectable()
@Activities()
export class LedgerActivities {
  constructor(private readonly imports: LedgerImportsService) {}

  async importLedgerBatch(input: {
    importId: number;
    from: number;
    to: number;
    actor: Actor;
  }): Promise<{ done: number }> {
    const ctx = Context.current();
    const beat = setInterval(() => ctx.heartbeat(), 5_000);
    try {
      return await this.imports.applyBatch(input);
    } finally {
      clearInterval(beat);
    }
  }

  async finishLedgerImport(input: { importId: number }): Promise<ImportCounts> {
    return this.imports.finish(input.importId);
  }

  async failLedgerImport(input: { importId: number; reason: string }): Promise<void> {
    await this.imports.fail(input.importId, input.reason);
  }
}
