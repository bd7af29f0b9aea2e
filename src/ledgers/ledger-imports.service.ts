import { isConstraintViolation, returnedRows } from '../common/sql.js';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { excel } from '../common/exceljs.js';
import { inertCell } from '../common/xlsx-export.js';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { type Actor, reachOf, requestContext } from '../common/request-context.js';
import { DomainError } from '../common/errors.js';
import { label } from '../common/labels.js';
import { ImportErrors } from './ledgers.errors.js';
import { ledgerImport, Processes } from '../temporal/processes.js';
import { LedgerImportInput } from '../../workflows/definitions.js';
import type { Decision } from './classify.js';
import { KIND_LABELS, type LedgerKind } from './columns.js';
import { type LedgerDataRow, openLedger } from './ledger-file.js';
import { type BatchKind, LedgerKinds, type RowKind } from './ledger-kind.js';
import { ImportCounts, type ImportStatus, LedgerImport, LedgerImportRow, RowAction } from './ledger.entity.js';
import { acceptLedgerFile } from './upload-limits.js';

type Upload = { buffer: Buffer; size: number; originalname: string };

/** A preview may be confirmed for this long. */
export const PREVIEW_TTL_MS = 24 * 3_600_000;
export const IMPORT_BATCH_SIZE = 500;
const CLASSIFY_CHUNK = 1000;
/** The request every change an import applies is audited under. */
const importRequestId = (importId: number) => `ledger-import-${importId}`;

const OUTCOME: Record<RowAction, string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  reject: 'rejected',
};

/**
 * 台账导入: upload → preview (nothing written to the registry) → confirm → the ledgerImport
 * workflow applies the rows in batches (activities call {@link applyBatch}), each batch in one
 * transaction and idempotent by the rows' natural keys.
 */
@Injectable()
export class LedgerImportsService {
  private readonly log = new Logger(LedgerImportsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly processes: Processes,
    private readonly kinds: LedgerKinds,
    private readonly users: UserDirectory,
  ) {}

  // ------------------------------------------------------------------ preview
  /**
   * Parses and checks the whole file, stores the preview, and answers it. Writes nothing to
   * the registry. Works in chunks (check, classify, store 1,000 rows at a time) inside one
   * transaction, so a file that breaks half-way leaves no half preview.
   */
  async preview(kind: LedgerKind, file: Upload | undefined, actor: Actor) {
    const handler = this.kinds.of(kind);
    const type = await acceptLedgerFile(file);
    const ledger = await openLedger(handler.columns, type, file!.buffer);
    const saved = await this.db.transaction(async (m) => {
      const imp = await m.save(
        LedgerImport,
        m.create(LedgerImport, {
          kind,
          status: 'preview',
          fileName: (file!.originalname || `upload.${type}`).slice(0, 200),
          fileType: type,
          headers: ledger.headers,
          headerRow: ledger.headerRow,
          ignoredColumns: ledger.ignoredColumns,
          total: 0,
          preview: { created: 0, updated: 0, unchanged: 0, rejected: 0 },
          result: { created: 0, updated: 0, unchanged: 0, rejected: 0 },
          createdById: actor.userId,
          createdBy: actor.username,
          expiresAt: new Date(Date.now() + PREVIEW_TTL_MS),
        }),
      );
      const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
      const firstSeen = new Map<string, number>();
      const fileRule = handler.fileRule?.();
      let seq = 0;
      let chunk: LedgerDataRow[] = [];
      const flush = async () => {
        if (!chunk.length) return;
        const checked = chunk.map((r) => handler.check(r.cells));
        checked.forEach((c, i) => {
          if (!c.key) return;
          const first = firstSeen.get(c.key);
          if (first === undefined) firstSeen.set(c.key, chunk[i].rowNo);
          else {
            c.reasons.push(`${handler.keyLabel}与第${first}行重复：${handler.onceRule}，只按第${first}行处理`);
            c.data = null;
          }
        });
        const validIdx = checked.map((c, i) => (c.data ? i : -1)).filter((i) => i >= 0);
        const decisions: (Decision | null)[] = new Array(chunk.length).fill(null);
        if (validIdx.length) {
          const ds = await handler.classify(
            validIdx.map((j) => checked[j].data!),
            m,
          );
          validIdx.forEach((j, k) => (decisions[j] = ds[k]));
        }
        if (fileRule)
          decisions.forEach((d, i) => {
            if (d) decisions[i] = fileRule(chunk[i].rowNo, checked[i].data, d);
          });
        const rows = chunk.map((r, i) => {
          const c = checked[i];
          const d = decisions[i];
          const action: RowAction = d ? d.action : 'reject';
          counts[OUTCOME[action] as keyof ImportCounts]++;
          return {
            importId: imp.id,
            seq: seq++,
            rowNo: r.rowNo,
            raw: r.raw,
            naturalKey: c.key ? c.key.slice(0, 80) : null,
            data: c.data && action !== 'reject' ? (c.data as unknown as Record<string, unknown>) : null,
            action,
            reasons: d ? d.reasons : c.reasons,
            changes: d?.changes.length ? d.changes : null,
          };
        });
        // The rows as one JSON parameter: far fewer objects than an ORM insert of 1,000 entities.
        await m.query(
          `INSERT INTO ledger_import_rows ("importId", seq, "rowNo", raw, "naturalKey", data, action, reasons, changes)
           SELECT x."importId", x.seq, x."rowNo", x.raw, x."naturalKey", x.data, x.action, x.reasons, x.changes
           FROM jsonb_to_recordset($1::jsonb) AS x("importId" int, seq int, "rowNo" int, raw jsonb, "naturalKey" varchar, data jsonb, action varchar, reasons jsonb, changes jsonb)`,
          [JSON.stringify(rows)],
        );
        chunk = [];
      };
      for await (const r of ledger.rows) {
        chunk.push(r);
        if (chunk.length >= CLASSIFY_CHUNK) await flush();
      }
      await flush();
      imp.total = seq;
      imp.preview = counts;
      await m.update(LedgerImport, { id: imp.id }, { total: seq, preview: counts });
      await this.audit.record(
        {
          entity: 'ledger_import',
          entityId: imp.id,
          action: 'preview',
          after: { kind, fileName: imp.fileName, total: seq, preview: counts },
        },
        m,
      );
      return imp;
    });
    const sample = await this.rows(saved.id, { action: 'reject', page: 1, pageSize: 200 });
    const updates = await this.rows(saved.id, { action: 'update', page: 1, pageSize: 200 });
    return { ...this.view(saved), rejectedRows: sample.items, updatedRows: updates.items };
  }

  private view(imp: LedgerImport) {
    return {
      id: imp.id,
      kind: imp.kind,
      kindLabel: KIND_LABELS[imp.kind],
      status: imp.status,
      fileName: imp.fileName,
      fileType: imp.fileType,
      headerRow: imp.headerRow,
      ignoredColumns: imp.ignoredColumns,
      total: imp.total,
      preview: imp.preview,
      progress: {
        rowsDone: imp.rowsDone,
        total: imp.total,
        errorsSoFar: imp.errorsSoFar,
        percent: imp.total ? Math.floor((imp.rowsDone * 100) / imp.total) : 100,
      },
      result: imp.result,
      createdBy: imp.createdBy,
      createdAt: imp.createdAt,
      expiresAt: imp.expiresAt,
      confirmedBy: imp.confirmedBy,
      confirmedAt: imp.confirmedAt,
      completedAt: imp.completedAt,
      expired: imp.status === 'preview' && imp.expiresAt.getTime() < Date.now(),
    };
  }

  async get(id: number) {
    const imp = await this.db.getRepository(LedgerImport).findOneBy({ id });
    if (!imp) throw ImportErrors.NOT_FOUND();
    return (await this.named([imp]))[0];
  }

  /** Imports by kind and status, newest first unless sorted otherwise (the id breaks ties, so pages never overlap). */
  async list(q: {
    page: number;
    pageSize: number;
    kind?: LedgerKind;
    status?: ImportStatus;
    sort?: 'createdAt' | 'kind' | 'status' | 'fileName' | 'total';
    order?: 'asc' | 'desc';
  }) {
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    const sort = q.sort && q.sort !== 'createdAt' ? q.sort : 'id';
    const [items, total] = await this.db.getRepository(LedgerImport).findAndCount({
      where: { ...(q.kind ? { kind: q.kind } : {}), ...(q.status ? { status: q.status } : {}) },
      order: sort === 'id' ? { id: dir } : { [sort]: dir, id: dir },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return { items: await this.named(items), total, page: q.page, pageSize: q.pageSize };
  }

  /** Views with the names of who uploaded and who confirmed (people see names, not logins). */
  private async named(imports: LedgerImport[]) {
    const people = await this.users.people(imports.flatMap((i) => [i.createdBy, i.confirmedBy]));
    return imports.map((i) => ({
      ...this.view(i),
      createdByName: people.name(i.createdBy),
      confirmedByName: people.name(i.confirmedBy),
    }));
  }

  /** The preview table: rows with what will happen (or happened) to each and why, cells by header as uploaded. */
  async rows(id: number, q: { action?: RowAction; page: number; pageSize: number }) {
    const imp = await this.db.getRepository(LedgerImport).findOneBy({ id });
    if (!imp) throw ImportErrors.NOT_FOUND();
    const [rows, total] = await this.db.getRepository(LedgerImportRow).findAndCount({
      where: { importId: id, ...(q.action ? { action: q.action } : {}) },
      order: { seq: 'ASC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return {
      items: rows.map((r) => ({
        rowNo: r.rowNo,
        action: r.action,
        outcome: r.outcome,
        reasons: r.reasons,
        changes: r.changes ?? [],
        values: Object.fromEntries(imp.headers.map((h, i) => [h || `列${i + 1}`, r.raw[i] ?? null])),
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  // ------------------------------------------------------------------ confirm
  /** Starts the import workflow; 409 when the preview expired or was confirmed already. */
  async confirm(id: number, actor: Actor) {
    await this.db.transaction(async (m) => {
      const imp = await m.findOne(LedgerImport, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!imp) throw ImportErrors.NOT_FOUND();
      if (imp.status !== 'preview')
        throw ImportErrors.CONFIRMED({ confirmedBy: imp.confirmedBy ?? '', status: label('importStatus', imp.status) });
      if (imp.expiresAt.getTime() < Date.now()) throw ImportErrors.EXPIRED();
      await m.update(LedgerImport, { id }, { status: 'running', confirmedBy: actor.username, confirmedAt: new Date() });
      await this.audit.record(
        {
          entity: 'ledger_import',
          entityId: id,
          action: 'confirm',
          after: { kind: imp.kind, total: imp.total, preview: imp.preview },
        },
        m,
      );
      const input: LedgerImportInput = {
        importId: id,
        total: imp.total,
        batchSize: IMPORT_BATCH_SIZE,
        actor: { userId: actor.userId, username: actor.username, role: actor.role },
      };
      // Part of the transaction: a confirmation that is not written starts nothing.
      await this.processes.start(m, ledgerImport(id), input);
    });
    return this.get(id);
  }

  // ------------------------------------------------------------------ apply (activities)
  /**
   * Applies rows [from, to) not yet applied, as `actor`. Batch kinds (workers, employers): one
   * transaction for the batch (rows + progress together), so a retry finds them applied;
   * should the batch fail as a whole, each row is tried alone and a failing one is reported.
   * Row kinds (placements, enrolments, survey visits) go through their services (which start their
   * processes), one row at a time, each matched first by its natural key.
   */
  async applyBatch(input: { importId: number; from: number; to: number; actor: Actor }): Promise<{ done: number }> {
    const imp = await this.db.getRepository(LedgerImport).findOneBy({ id: input.importId });
    if (!imp) return { done: 0 };
    // The rows are applied within the reach of the office that uploaded the ledger, as its uploader.
    const [office] = await this.db.query(`SELECT id, kind, "parentId" FROM offices WHERE id = $1`, [imp.officeId]);
    const actor: Actor = { ...input.actor, role: input.actor.role, reach: reachOf(office) };
    return requestContext.run({ requestId: importRequestId(input.importId), actor }, async () => {
      const rows = await this.db
        .getRepository(LedgerImportRow)
        .createQueryBuilder('r')
        .where('r.importId = :id AND r.seq >= :from AND r.seq < :to AND r.applied = false', {
          id: imp.id,
          from: input.from,
          to: input.to,
        })
        .orderBy('r.seq', 'ASC')
        .getMany();
      if (!rows.length) return { done: 0 };
      const handler = this.kinds.of(imp.kind);
      if (handler.applies === 'batch') {
        try {
          await this.db.transaction((m) => this.#applyBatchRows(m, handler, imp, rows, actor));
        } catch (err) {
          this.log.warn(
            `import ${imp.id} batch ${input.from}-${input.to} failed as a whole (${(err as Error).message}); trying row by row`,
          );
          for (const r of rows) {
            try {
              await this.db.transaction((m) => this.#applyBatchRows(m, handler, imp, [r], actor));
            } catch (e) {
              // A refusal is the row's; anything else (a lost connection, a deadlock) is retried by Temporal.
              if (!(e instanceof DomainError) && !isConstraintViolation(e)) throw e;
              await this.#markFailed(imp.id, r, e);
            }
          }
        }
      } else {
        for (const r of rows) await this.#applyRow(handler, imp, r, actor);
      }
      return { done: rows.length };
    });
  }

  async #mark(m: EntityManager, importId: number, marks: { seq: number; outcome: string }[]): Promise<void> {
    if (!marks.length) return;
    // Counted from the rows this call really marked: an attempt that finds a row applied already adds nothing.
    const marked = returnedRows<{ outcome: string }>(
      await m.query(
        `UPDATE ledger_import_rows r SET applied = true, outcome = v.outcome FROM unnest($2::int[], $3::text[]) AS v(seq, outcome)
       WHERE r."importId" = $1 AND r.seq = v.seq AND r.applied = false RETURNING r.outcome`,
        [importId, marks.map((x) => x.seq), marks.map((x) => x.outcome)],
      ),
    );
    if (!marked.length) return;
    const n = (o: string) => marked.filter((x) => x.outcome === o).length;
    const errors = n('rejected') + n('failed');
    await m.query(
      `UPDATE ledger_imports SET "rowsDone" = "rowsDone" + $2, "errorsSoFar" = "errorsSoFar" + $3,
         result = jsonb_build_object('created', (result->>'created')::int + $4, 'updated', (result->>'updated')::int + $5,
                                     'unchanged', (result->>'unchanged')::int + $6, 'rejected', (result->>'rejected')::int + $7)
       WHERE id = $1`,
      [importId, marked.length, errors, n('created'), n('updated'), n('unchanged'), errors],
    );
  }

  async #markFailed(importId: number, r: LedgerImportRow, err: unknown): Promise<void> {
    const msg = err instanceof DomainError ? err.message : '写入时出错，请稍后重新导入这一行';
    if (!(err instanceof DomainError)) this.log.error(`import ${importId} row ${r.rowNo}: ${(err as Error).message}`);
    await this.db.transaction(async (m) => {
      const res = await m.query(
        `UPDATE ledger_import_rows SET reasons = reasons || $3::jsonb WHERE "importId" = $1 AND seq = $2 AND applied = false`,
        [importId, r.seq, JSON.stringify([`导入时失败：${msg}`])],
      );
      void res;
      await this.#mark(m, importId, [{ seq: r.seq, outcome: 'failed' }]);
    });
  }

  /** A batch kind's rows in one transaction: refusals and unchanged rows marked here, the writes by the kind. */
  async #applyBatchRows(
    m: EntityManager,
    handler: BatchKind<unknown>,
    imp: LedgerImport,
    batch: LedgerImportRow[],
    actor: Actor,
  ): Promise<void> {
    // Only rows still unapplied, locked for this transaction: an earlier attempt of the same batch
    // that is still running (a missed heartbeat) holds its rows, and this one leaves them to it.
    const mine = new Set<number>(
      (
        await m.query(
          `SELECT seq FROM ledger_import_rows WHERE "importId" = $1 AND seq = ANY($2) AND applied = false FOR UPDATE SKIP LOCKED`,
          [imp.id, batch.map((r) => r.seq)],
        )
      ).map((x: { seq: number }) => x.seq),
    );
    const rows = batch.filter((r) => mine.has(r.seq));
    const marks: { seq: number; outcome: string }[] = [];
    const valid = rows.filter((r) => r.action !== 'reject' && r.data);
    for (const r of rows) if (r.action === 'reject' || !r.data) marks.push({ seq: r.seq, outcome: 'rejected' });
    const decisions = valid.length
      ? await handler.classify(
          valid.map((r) => r.data),
          m,
        )
      : [];
    const writes: Parameters<typeof handler.applyBatch>[1] = [];
    for (let i = 0; i < valid.length; i++) {
      const r = valid[i];
      const d = decisions[i];
      if (d.action === 'reject') {
        await m.query(`UPDATE ledger_import_rows SET reasons = $3::jsonb WHERE "importId" = $1 AND seq = $2`, [
          imp.id,
          r.seq,
          JSON.stringify(d.reasons),
        ]);
        marks.push({ seq: r.seq, outcome: 'failed' });
      } else if (d.action === 'unchanged') marks.push({ seq: r.seq, outcome: 'unchanged' });
      else writes.push({ row: r, data: r.data, decision: d });
    }
    const { outcomes, audits } = writes.length
      ? await handler.applyBatch(m, writes, { importId: imp.id, actor })
      : { outcomes: [], audits: [] };
    await this.audit.recordMany(audits, m);
    await this.#mark(m, imp.id, [...marks, ...outcomes]);
  }

  /** A row kind's row: through its context's service, so the record's process starts as for any other. */
  async #applyRow(handler: RowKind<unknown>, imp: LedgerImport, r: LedgerImportRow, actor: Actor): Promise<void> {
    if (r.action === 'reject' || !r.data) {
      await this.db.transaction((m) => this.#mark(m, imp.id, [{ seq: r.seq, outcome: 'rejected' }]));
      return;
    }
    // A kind without a unique key in its table: two imports of one file running at once must not
    // both write the same record, so the check-then-write holds a lock on the natural key.
    const lockKey = handler.lockByKey && r.naturalKey ? `ledger-${imp.kind}:${r.naturalKey}` : null;
    const lock = lockKey ? this.db.createQueryRunner() : null;
    try {
      if (lock) {
        await lock.connect();
        await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [lockKey]);
      }
      const [d] = await handler.classify([r.data], this.db.manager);
      if (d.action === 'reject') throw ImportErrors.REJECTED({ reasons: d.reasons.join('；') });
      const outcome =
        d.action === 'unchanged' && (await this.#createdByThisImport(handler, imp.id, d))
          ? 'created'
          : await handler.applyRow(r, r.data, d, { importId: imp.id, actor });
      await this.db.transaction((m) => this.#mark(m, imp.id, [{ seq: r.seq, outcome }]));
    } catch (err) {
      if (err instanceof DomainError && err.status === 409 && /EXISTS|ALREADY_VISITED/.test(err.code)) {
        // Created by an earlier attempt of this very batch: matched by its natural key now.
        await this.db.transaction((m) => this.#mark(m, imp.id, [{ seq: r.seq, outcome: 'unchanged' }]));
        return;
      }
      if (err instanceof DomainError) {
        await this.#markFailed(imp.id, r, err);
        return;
      }
      throw err; // infrastructure (Temporal, Postgres): the activity is retried
    } finally {
      if (lock) {
        await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey]).catch(() => undefined);
        await lock.release();
      }
    }
  }

  /** The matched record was created by an earlier attempt of this import (its audit line carries the import's request). */
  async #createdByThisImport(handler: RowKind<unknown>, importId: number, d: Decision): Promise<boolean> {
    if (!handler.auditEntity || !d.existing) return false;
    const found: unknown[] = await this.db.query(
      `SELECT 1 FROM audit_log WHERE entity = $1 AND "entityId" = $2 AND action = 'create' AND "requestId" = $3 LIMIT 1`,
      [handler.auditEntity, String(d.existing.id), importRequestId(importId)],
    );
    return found.length > 0;
  }

  /** Marks the import completed with the counts the rows say (authoritative over the running counters). */
  async finish(importId: number): Promise<ImportCounts> {
    return this.db.transaction(async (m) => {
      const rows: { outcome: string | null; n: number }[] = await m.query(
        `SELECT outcome, count(*)::int AS n FROM ledger_import_rows WHERE "importId" = $1 AND applied GROUP BY outcome`,
        [importId],
      );
      const get = (o: string) => rows.find((r) => r.outcome === o)?.n ?? 0;
      const result: ImportCounts = {
        created: get('created'),
        updated: get('updated'),
        unchanged: get('unchanged'),
        rejected: get('rejected') + get('failed'),
      };
      const done = rows.reduce((s, r) => s + r.n, 0);
      const completed = returnedRows(
        await m.query(
          `UPDATE ledger_imports SET status = 'completed', "completedAt" = now(), result = $2, "rowsDone" = $3, "errorsSoFar" = $4
         WHERE id = $1 AND status <> 'completed' RETURNING id`,
          [importId, JSON.stringify(result), done, result.rejected],
        ),
      );
      // A retried finish after its commit finds the import completed and records nothing twice.
      if (completed.length)
        await this.audit.record(
          { entity: 'ledger_import', entityId: importId, action: 'complete', after: { result } },
          m,
        );
      return result;
    });
  }

  /** The process gave up on a batch (after its retries): the import says so instead of running for ever. */
  async fail(importId: number, reason: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const failed = returnedRows(
        await m.query(
          `UPDATE ledger_imports SET status = 'failed', "completedAt" = now() WHERE id = $1 AND status = 'running' RETURNING id`,
          [importId],
        ),
      );
      if (failed.length)
        await this.audit.record({ entity: 'ledger_import', entityId: importId, action: 'fail', after: { reason } }, m);
    });
  }

  // ------------------------------------------------------------------ spreadsheets out
  /** The rejected rows as uploaded, with 错误原因, so the office can fix and upload just them. */
  async errorsWorkbook(id: number): Promise<{ buffer: Buffer; fileName: string }> {
    const imp = await this.db.getRepository(LedgerImport).findOneBy({ id });
    if (!imp) throw ImportErrors.NOT_FOUND();
    const wb = new (await excel()).Workbook();
    const ws = wb.addWorksheet('错误行');
    const headers = [...imp.headers.map((h, i) => h || `列${i + 1}`), '原行号', '错误原因'];
    ws.addRow(headers).font = { bold: true };
    headers.forEach((_, i) => (ws.getColumn(i + 1).width = 18));
    ws.getColumn(headers.length).width = 60;
    let last = -1;
    for (;;) {
      const rows: LedgerImportRow[] = await this.db
        .getRepository(LedgerImportRow)
        .createQueryBuilder('r')
        .where("r.importId = :id AND r.seq > :last AND (r.action = 'reject' OR r.outcome = 'failed')", { id, last })
        .orderBy('r.seq', 'ASC')
        .take(2000)
        .getMany();
      if (!rows.length) break;
      for (const r of rows) {
        const row = ws.addRow(
          [...imp.headers.map((_, i) => r.raw[i] ?? null), r.rowNo, r.reasons.join('；')].map(inertCell),
        );
        // IDs and codes as uploaded: text cells stay text.
        row.eachCell((c) => {
          if (typeof c.value === 'string') c.numFmt = '@';
        });
      }
      last = rows[rows.length - 1].seq;
    }
    return {
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      fileName: `${KIND_LABELS[imp.kind]}-导入${id}-错误行.xlsx`,
    };
  }

  /** The template of a kind: headers, one example row (text columns formatted as text), and a 说明 sheet. */
  async template(kind: LedgerKind): Promise<{ buffer: Buffer; fileName: string }> {
    const handler = this.kinds.of(kind);
    const cols = handler.columns;
    const wb = new (await excel()).Workbook();
    const ws = wb.addWorksheet(KIND_LABELS[kind]);
    ws.addRow(cols.map((c) => c.header)).font = { bold: true };
    ws.addRow(cols.map((c) => c.example));
    cols.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = Math.max(12, c.header.length * 2 + 4, String(c.example).length + 4);
      if (c.text) col.numFmt = '@';
    });
    const notes = wb.addWorksheet('说明');
    notes.addRow(['列名', '是否必填', '说明', '示例', '也可写作']).font = { bold: true };
    for (const c of cols)
      notes.addRow([c.header, c.required ? '必填' : '可选', c.note, String(c.example), c.synonyms.join('、')]);
    notes.addRow([]);
    notes.addRow([
      '',
      '',
      `${handler.templateOnceRule}；日期可写成 2026-03-01、2026/3/1、2026.3.1 或 2026年3月1日；全角数字和前后空格会自动处理。`,
    ]);
    notes.getColumn(1).width = 16;
    notes.getColumn(2).width = 10;
    notes.getColumn(3).width = 70;
    notes.getColumn(4).width = 24;
    notes.getColumn(5).width = 36;
    return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `${KIND_LABELS[kind]}-模板.xlsx` };
  }
}
