/**
 * What one ledger kind brings to an import: its columns, how a row is checked and classified,
 * and how a confirmed row is applied. The import service loops over the handler of the
 * import's kind and knows no kind itself. Each context owns the handler of its own kind and
 * registers it here when its module starts (placements, households), so ledgers imports none
 * of the contexts it imports into.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditInput } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import type { Decision } from './classify.js';
import type { LedgerColumn, LedgerKind } from './columns.js';
import type { CheckedRow, RowCells } from './ledger-rows.js';
import type { LedgerImportRow } from './ledger.entity.js';

/** A row's outcome once applied. */
export type AppliedOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

/** A confirmed row being applied, with where it came from (for the audit). */
export interface ApplyContext {
  importId: number;
  actor: Actor;
}

interface KindBase<R> {
  readonly kind: LedgerKind;
  readonly columns: LedgerColumn[];
  /** What the duplicate-in-file reason calls the key, and the rule it cites. */
  readonly keyLabel: string;
  readonly onceRule: string;
  /** The once-per-file rule as the template's 说明 sheet words it. */
  readonly templateOnceRule: string;
  /** One row → the values the API would take (the natural key even when the row is refused). */
  check(cells: RowCells): CheckedRow<R>;
  /** What the valid rows would do, decided from the database (preview and every batch alike). */
  classify(rows: R[], m: EntityManager): Promise<Decision[]>;
  /**
   * A rule over the whole file beyond the natural key, made once per preview: called for each
   * decided row in file order, it may refuse one.
   */
  fileRule?(): (rowNo: number, data: R, d: Decision) => Decision;
}

/** Registry records: a batch is applied in one transaction, creates inserted together. */
export interface BatchKind<R> extends KindBase<R> {
  readonly applies: 'batch';
  /** Writes the rows classified create or update; answers each row's outcome and the audits to record. */
  applyBatch(
    m: EntityManager,
    rows: { row: LedgerImportRow; data: R; decision: Decision }[],
    ctx: ApplyContext,
  ): Promise<{ outcomes: { seq: number; outcome: AppliedOutcome }[]; audits: AuditInput[] }>;
}

/** Records with a process behind them: one row at a time, through the owning service. */
export interface RowKind<R> extends KindBase<R> {
  readonly applies: 'row';
  /** No unique key in the table: the check-then-write holds an advisory lock on the natural key. */
  readonly lockByKey: boolean;
  /**
   * The audit entity of the records it creates. A row is written and then marked in two
   * transactions; when the worker dies between them, the retry finds the record and would count
   * it unchanged: a record whose creation this import's own request audited is counted created.
   */
  readonly auditEntity?: string;
  /** Applies one row classified create, update or unchanged; a DomainError refuses it. */
  applyRow(row: LedgerImportRow, data: R, decision: Decision, ctx: ApplyContext): Promise<AppliedOutcome>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the service holds handlers of every row type
export type LedgerKindHandler<R = any> = BatchKind<R> | RowKind<R>;

/** The handlers, by kind, as their contexts registered them. */
@Injectable()
export class LedgerKinds {
  readonly #handlers = new Map<LedgerKind, LedgerKindHandler>();

  register(handler: LedgerKindHandler): void {
    if (this.#handlers.has(handler.kind)) throw new Error(`ledger kind ${handler.kind} registered twice`);
    this.#handlers.set(handler.kind, handler);
  }

  of(kind: LedgerKind): LedgerKindHandler {
    const h = this.#handlers.get(kind);
    if (!h) throw new Error(`no handler registered for ledger kind ${kind}`);
    return h;
  }
}

/** The once-per-file rule of the register's kinds (a person, a unit), as the preview and the template say it. */
export const ONE_ROW_PER_RECORD = '同一文件中每人（每个单位）只能出现一次';
export const TEMPLATE_ONE_ROW_PER_RECORD = '同一文件中同一人（同一单位）只能出现一次';
