import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { withFullReach } from '../common/request-context.js';
import { StatementParams } from '../common/sql.js';
import { startSearchAttributes } from './search-attributes.js';
import { TemporalService } from './temporal.service.js';

/** A process start or a signal, as written in the transaction that makes it true. */
export interface OutboxMessage {
  kind: 'start' | 'signal';
  workflowId: string;
  /** The workflow type of a start; the signal's name. */
  name: string;
  /** A start's task queue. */
  taskQueue?: string;
  /** A start that may follow a closed run of the same id (a reopened case); else a workflow id runs once. */
  rerun?: boolean;
  args: unknown[];
}

interface OutboxRow {
  id: string;
  kind: 'start' | 'signal';
  workflowId: string;
  name: string;
  taskQueue: string | null;
  rerun: boolean;
  args: unknown[];
  attempts: number;
  createdAt: Date;
}

export type DeliveryOutcome = 'started' | 'already_started' | 'signalled' | 'no_process';
type Query = (sql: string, params?: unknown[]) => Promise<unknown>;
/** What an outbox INSERT returns: its id (null: nothing written), when it was written and the args as stored. */
export interface WrittenRow {
  id: string | null;
  createdAt: Date;
  args: unknown[];
}

const COLUMNS = `id, kind, "workflowId", name, "taskQueue", rerun, args, attempts, "createdAt"`;
/** Rows of a transaction not yet committed, kept on its query runner until it ends. */
const PENDING = 'processOutboxPending';
/** Set when a savepoint of the transaction rolled back: some pending rows may be gone from the table. */
const PENDING_UNSURE = 'processOutboxPendingUnsure';
/** A delivery taking longer than this is left to the relay (the request answers). */
const DELIVERY_DEADLINE_MS = 5_000;
/** The relay leaves a fresh row this long to the request that wrote it. */
const REQUEST_TURN_SECONDS = 5;
/** A pending row is retried after 2, 4, 8 … seconds, at most every 5 minutes. */
const MAX_BACKOFF_SECONDS = 300;
/** Failed deliveries are logged at most this often (each one is kept on its row). */
const FAILURE_LOG_INTERVAL_MS = 60_000;
/**
 * A request's deliveries are marked done together, this long after the first of them at most
 * (or at once when this many wait): well inside the request's turn, so the relay finds them done.
 */
const MARK_DELAY_MS = 250;
const MARK_BATCH = 200;

/** A row a request delivered, waiting to be marked done. */
interface Delivered {
  id: string;
  outcome: DeliveryOutcome;
  at: Date;
}

/**
 * The transactional outbox between the database and Temporal. A process start or signal is a row
 * written in the caller's transaction, so it exists exactly when the records it is about do: a
 * rollback takes it away, and no workflow runs for a placement that was never written. When the
 * transaction commits, the same request delivers its rows at once (an answer still means "the
 * process is running"); what that does not deliver (a crash after the commit, Temporal down) the
 * relay of any API or worker process delivers later. Starts use business ids, so "already
 * started" means done, and the relay takes each row under a skip-locked row lock, so replicas
 * never deliver one row twice.
 */
@Injectable()
export class ProcessOutbox implements EntitySubscriberInterface, OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ProcessOutbox');
  /** Who delivered a row: this process (several app instances in one test process differ). */
  readonly instance = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  private lastFailureLog = 0;
  private delivered: Delivered[] = [];
  private markTimer?: NodeJS.Timeout;
  private marking: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
  ) {}

  /** Told of every transaction's end, so a commit delivers its rows and a rollback forgets them. */
  onModuleInit(): void {
    this.db.subscribers.push(this);
  }

  /** What the requests delivered is marked done before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.markDelivered();
  }

  /**
   * Writes the message in `m`'s transaction; delivered once that commits (at once when `m` is in
   * none). A first run asked for again (an activity retried) is written once.
   */
  async enqueue(m: EntityManager, msg: OutboxMessage): Promise<void> {
    const params = new StatementParams();
    const rows = (await m.query(this.insertStatement(msg, params.add), params.values)) as WrittenRow[];
    await this.written(m, msg, rows[0]);
  }

  /**
   * The INSERT of `msg`, for a caller that writes it in its own statement beside the records it is
   * about (a CTE: one round trip instead of one per row). `from` names the CTE it selects from (a
   * row there, one message; none, none), `args` wraps the args' JSON in an expression adding what
   * only the statement knows. It returns the row ({@link WrittenRow}) the caller hands to
   * {@link written} in the same transaction; none when a first run was written already.
   */
  insertStatement(
    msg: OutboxMessage,
    add: (value: unknown) => string,
    options: { from?: string; args?: (json: string) => string } = {},
  ): string {
    const json = `${add(JSON.stringify(msg.args))}::jsonb`;
    return `INSERT INTO process_outbox (kind, "workflowId", name, "taskQueue", rerun, args, "nextAttemptAt")
       SELECT ${add(msg.kind)}::varchar, ${add(msg.workflowId)}::varchar, ${add(msg.name)}::varchar,
              ${add(msg.taskQueue ?? null)}::varchar, ${add(msg.rerun === true)}::boolean,
              ${options.args ? options.args(json) : json}, now() + make_interval(secs => ${add(REQUEST_TURN_SECONDS)}::int)
       ${options.from ? `FROM ${options.from}` : ''}
       ON CONFLICT ("workflowId") WHERE kind = 'start' AND NOT rerun DO NOTHING RETURNING id, "createdAt", args`;
  }

  /** The row an {@link insertStatement} wrote (none: written before): delivered when `m`'s transaction commits. */
  async written(m: EntityManager, msg: OutboxMessage, written: WrittenRow | undefined | null): Promise<void> {
    if (!written?.id) return;
    const row: OutboxRow = {
      id: written.id,
      kind: msg.kind,
      workflowId: msg.workflowId,
      name: msg.name,
      taskQueue: msg.taskQueue ?? null,
      rerun: msg.rerun === true,
      // As the relay would read them back: what the caller changes after this is not sent.
      args: written.args,
      attempts: 0,
      createdAt: written.createdAt,
    };
    const runner = m.queryRunner;
    if (runner?.isTransactionActive) ((runner.data[PENDING] ??= []) as OutboxRow[]).push(row);
    else await this.deliverNow([row]);
  }

  async afterTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    // A savepoint released: the outer transaction decides.
    if (queryRunner.isTransactionActive) return;
    const { rows, unsure } = this.takePending(queryRunner);
    // Still on the committing connection (released after this), so a busy pool cannot hold it up.
    // With full reach, as the relay's passes run: the outbox is the system's own table (no row
    // rules), and a connection left that way gives the next request's session lookup (which runs
    // with full reach before it knows the user) nothing to switch.
    if (rows.length) await withFullReach(() => this.deliverNow(rows, queryRunner, unsure));
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    // Rows of a savepoint rolled back are gone from the table: which are left is looked up at commit.
    if (queryRunner.isTransactionActive) queryRunner.data[PENDING_UNSURE] = true;
    else this.takePending(queryRunner);
  }

  private takePending(runner: QueryRunner): { rows: OutboxRow[]; unsure: boolean } {
    const rows = (runner.data[PENDING] ?? []) as OutboxRow[];
    const unsure = runner.data[PENDING_UNSURE] === true;
    delete runner.data[PENDING];
    delete runner.data[PENDING_UNSURE];
    return { rows, unsure };
  }

  /**
   * The request's own delivery after its commit. Starts of different workflows do not depend on
   * each other, so they go out together (a registration starts two or three processes: one
   * Temporal round trip of waiting, not three); anything else
   * (a signal, the same workflow twice) goes in order, up to the first failure (the relay
   * retries). What is delivered is marked done later (markLater), what failed at once. The rows
   * are the ones the transaction wrote, as written; only after a savepoint
   * rolled back (`lookUp`) are they read back, to leave out those it took away. Never throws.
   */
  private async deliverNow(written: OutboxRow[], runner?: QueryRunner, lookUp = false): Promise<void> {
    const query: Query = (sql, params) => (runner ?? this.db).query(sql, params);
    try {
      const rows = lookUp
        ? ((await query(
            `SELECT ${COLUMNS} FROM process_outbox WHERE id = ANY($1::bigint[]) AND "doneAt" IS NULL ORDER BY id`,
            [written.map((r) => r.id)],
          )) as OutboxRow[])
        : written;
      const independent =
        rows.length > 1 &&
        rows.every((r) => r.kind === 'start') &&
        new Set(rows.map((r) => r.workflowId)).size === rows.length;
      if (independent) await this.attemptTogether(rows, query);
      else for (const row of rows) if (!(await this.attempt(row, 'request', query))) break;
    } catch (err) {
      this.log.warn(
        `process starts and signals ${written.map((r) => r.id).join(', ')} are left to the relay: ${(err as Error).message}`,
      );
    }
  }

  /** Delivers independent starts at once; those delivered are marked done together, each failure on its row. */
  private async attemptTogether(rows: OutboxRow[], query: Query): Promise<void> {
    const results = await Promise.allSettled(rows.map((row) => this.deliver(row)));
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') this.markLater({ id: rows[i].id, outcome: r.value, at: new Date() });
      else await this.recordFailure(rows[i], r.reason, query);
    }
  }

  /**
   * A request's delivered row is marked done with those of other requests, in one statement a
   * little later (see markDelivered), not one statement per request: the request answers once
   * Temporal has its processes. Lost if this process dies first, the mark is made by the relay
   * after the request's turn: its start answers "already started" (the ids are the subjects'),
   * so nothing runs twice.
   */
  private markLater(row: Delivered): void {
    this.delivered.push(row);
    if (this.delivered.length >= MARK_BATCH) void this.markDelivered();
    else if (!this.markTimer) {
      this.markTimer = setTimeout(() => void this.markDelivered(), MARK_DELAY_MS);
      // Shutdown marks what is left (onModuleDestroy); the timer keeps no process alive.
      this.markTimer.unref();
    }
  }

  /** Marks done every delivered row waiting for it, one statement at a time; never throws. */
  markDelivered(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const rows = this.delivered.splice(0);
    if (!rows.length) return this.marking;
    this.marking = this.marking.then(() =>
      // The outbox is the system's own table, marked for whichever requests delivered.
      withFullReach(() =>
        this.db.query(
          `UPDATE process_outbox o SET "doneAt" = x.at, outcome = x.outcome, attempts = o.attempts + 1, "doneBy" = $4
             FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS x(id, outcome, at)
            WHERE o.id = x.id AND o."doneAt" IS NULL`,
          [rows.map((r) => r.id), rows.map((r) => r.outcome), rows.map((r) => r.at), `request ${this.instance}`],
        ),
      ).then(
        () => undefined,
        (err: Error) =>
          this.log.warn(
            `${rows.length} delivered process starts and signals could not be marked done (${err.message}); the relay marks them`,
          ),
      ),
    );
    return this.marking;
  }

  /**
   * One relay pass: due rows oldest first, each in its own short transaction under a row lock
   * other relays skip; stops at the first failure (Temporal is likely down) until the next pass.
   * A signal waits for a pending start of its workflow. Returns how many were delivered.
   */
  async relayDue(limit = 20): Promise<number> {
    let delivered = 0;
    while (delivered < limit) {
      const outcome = await this.db.transaction(async (m) => {
        const [row] = (await m.query(
          `SELECT ${COLUMNS} FROM process_outbox o
            WHERE o."doneAt" IS NULL AND o."nextAttemptAt" <= now()
              AND NOT (o.kind = 'signal' AND EXISTS (
                SELECT 1 FROM process_outbox s
                 WHERE s.kind = 'start' AND s."workflowId" = o."workflowId" AND s."doneAt" IS NULL AND s.id < o.id))
            ORDER BY o.id LIMIT 1 FOR UPDATE OF o SKIP LOCKED`,
        )) as OutboxRow[];
        if (!row) return 'none';
        if (!(await this.attempt(row, 'relay', (sql, params) => m.query(sql, params)))) return 'failed';
        this.log.log(
          `delivered ${row.kind} ${row.name} of ${row.workflowId}, written ${Math.round((Date.now() - new Date(row.createdAt).getTime()) / 1000)} s ago (attempt ${row.attempts + 1})`,
        );
        return 'delivered';
      });
      if (outcome !== 'delivered') break;
      delivered++;
    }
    return delivered;
  }

  /** What waits for delivery: how many rows, and for how long the oldest has (seconds; 0 when none). */
  async waiting(): Promise<{ waiting: number; oldestSeconds: number }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS waiting, coalesce(extract(epoch FROM now() - min("createdAt")), 0)::float8 AS "oldestSeconds"
         FROM process_outbox WHERE "doneAt" IS NULL`,
    );
    return row;
  }

  /**
   * Delivers one row and records the outcome on it: the relay's at once (it holds the row's lock),
   * a request's start a little later (see markLater), a request's signal at once.
   */
  private async attempt(row: OutboxRow, by: 'request' | 'relay', query: Query): Promise<boolean> {
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.deliver(row);
    } catch (err) {
      await this.recordFailure(row, err, query);
      return false;
    }
    // Only a start may be marked later: sent again after a lost mark, it answers "already
    // started". A signal sent twice is delivered twice, so its mark is made at once.
    if (by === 'request' && row.kind === 'start') {
      this.markLater({ id: row.id, outcome, at: new Date() });
      return true;
    }
    await query(
      // The relay holds the row's lock; a request does not, and leaves a row the relay marked as it is.
      `UPDATE process_outbox SET "doneAt" = now(), outcome = $2, attempts = attempts + 1, "doneBy" = $3
        WHERE id = $1${by === 'request' ? ' AND "doneAt" IS NULL' : ''}`,
      [row.id, outcome, `${by} ${this.instance}`],
    );
    return true;
  }

  /** A failed delivery: counted on its row, retried after a back-off. */
  private async recordFailure(row: OutboxRow, err: unknown, query: Query): Promise<void> {
    const message = (err as Error)?.message ?? String(err);
    await query(
      `UPDATE process_outbox SET attempts = attempts + 1, "lastError" = $2,
              "nextAttemptAt" = now() + make_interval(secs => least(power(2, attempts + 1), $3))
        WHERE id = $1 AND "doneAt" IS NULL`,
      [row.id, message.slice(0, 2000), MAX_BACKOFF_SECONDS],
    );
    await this.reportFailure(row, message);
  }

  private async deliver(row: OutboxRow): Promise<DeliveryOutcome> {
    const client = await this.temporal.client();
    return client.connection.withDeadline(Date.now() + DELIVERY_DEADLINE_MS, async () => {
      if (row.kind === 'signal') {
        try {
          await client.workflow.getHandle(row.workflowId).signal(row.name, ...row.args);
          return 'signalled';
        } catch (err) {
          // The process has finished: nothing waits for the news any more.
          if (err instanceof WorkflowNotFoundError) return 'no_process';
          throw err;
        }
      }
      // A rerun may follow a closed run, so "already started" cannot answer for it: the run carries its row's id.
      if (row.rerun && (await this.runOf(client, row.workflowId)) === row.id) return 'already_started';
      try {
        await client.workflow.start(row.name, {
          workflowId: row.workflowId,
          taskQueue: row.taskQueue!,
          args: row.args,
          workflowIdReusePolicy: row.rerun
            ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
            : WorkflowIdReusePolicy.REJECT_DUPLICATE,
          memo: { outboxId: row.id },
          typedSearchAttributes: startSearchAttributes(row.name, row.args[0]),
        });
        return 'started';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already_started';
        throw err;
      }
    });
  }

  /** The outbox row that started the workflow's latest run, if any. */
  private async runOf(client: Client, workflowId: string): Promise<string | undefined> {
    try {
      const { memo } = await client.workflow.getHandle(workflowId).describe();
      return memo?.outboxId as string | undefined;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /** One warning a minute at most while deliveries fail, with what waits (each failure is on its row). */
  private async reportFailure(row: OutboxRow, message: string): Promise<void> {
    if (Date.now() - this.lastFailureLog < FAILURE_LOG_INTERVAL_MS) return;
    this.lastFailureLog = Date.now();
    const waiting = await this.waiting().catch(() => null);
    this.log.warn(
      `${row.kind} ${row.name} of ${row.workflowId} could not be delivered (${message}); ` +
        (waiting
          ? `${waiting.waiting} process starts and signals wait for delivery, the oldest for ${Math.round(waiting.oldestSeconds)} s; `
          : '') +
        'the relay retries them',
    );
  }
}
