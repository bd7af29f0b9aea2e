/**
 * The ledger kinds of the registry (workers, employers). They live here,
 * not in src/registry/: the registry is a core context and may not import a flow, so the ledgers
 * context holds the handlers for it and calls the registry's services.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditInput } from '../audit/audit.service.js';
import { parseCitizenId } from '../identity/index.js';
import { Employer } from '../registry/employer.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { classifyEmployers, classifyWorkers, type Decision } from './classify.js';
import { COLUMNS } from './columns.js';
import {
  type AppliedOutcome,
  type ApplyContext,
  type BatchKind,
  LedgerKinds,
  ONE_ROW_PER_RECORD,
  TEMPLATE_ONE_ROW_PER_RECORD,
} from './ledger-kind.js';
import { checkEmployerRow, checkWorkerRow, type EmployerRow, type WorkerRow } from './ledger-rows.js';
import type { LedgerImportRow } from './ledger.entity.js';
import { ImportErrors } from './ledgers.errors.js';

/** A registry record written straight from the batch: inserted together, updated field by field. */
interface RecordTable<R> {
  entity: typeof Worker | typeof Employer;
  /** The audit's entity name. */
  name: 'worker' | 'employer';
  /** The table, and the SQL type of each column a new record is written with. */
  tableName: 'workers' | 'employers';
  columns: Record<string, string>;
  /** The natural key column: never changed by an update. */
  keyCol: 'citizenId' | 'creditCode';
  newRecord(row: R): Record<string, unknown>;
}

async function applyRecords<R>(
  table: RecordTable<R>,
  m: EntityManager,
  rows: { row: LedgerImportRow; data: R; decision: Decision }[],
  ctx: ApplyContext,
): Promise<{ outcomes: { seq: number; outcome: AppliedOutcome }[]; audits: AuditInput[] }> {
  const outcomes: { seq: number; outcome: AppliedOutcome }[] = [];
  const audits: AuditInput[] = [];
  const source = { importId: ctx.importId, rowNo: 0 };
  const creates: { row: LedgerImportRow; values: Record<string, unknown> }[] = [];
  for (const { row: r, data, decision: d } of rows) {
    if (d.action === 'create') {
      creates.push({ row: r, values: table.newRecord(data) });
      continue;
    }
    const rec = await m.findOne(table.entity as typeof Worker, {
      where: { id: d.existing!.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!rec) {
      outcomes.push({ seq: r.seq, outcome: 'failed' });
      continue;
    }
    const before = { ...rec };
    for (const [k, v] of Object.entries(data as Record<string, unknown>))
      if (v !== undefined && k in rec && k !== table.keyCol) (rec as unknown as Record<string, unknown>)[k] = v;
    const saved = await m.save(table.entity as typeof Worker, rec);
    audits.push({
      entity: table.name,
      entityId: rec.id,
      action: 'update',
      before,
      after: { ...saved, source: { ...source, rowNo: r.rowNo } },
      actor: ctx.actor,
      countyId: (rec as { countyId?: number }).countyId,
    });
    outcomes.push({ seq: r.seq, outcome: 'updated' });
  }
  if (creates.length) {
    const keyCol = table.keyCol;
    const cols = Object.keys(table.columns).map((c) => `"${c}"`);
    const types = Object.entries(table.columns).map(([c, t]) => `"${c}" ${t}`);
    // The batch as one JSON parameter: an ORM insert of 500 rows sent 6,000 parameters, which
    // the worker spent longer building and Postgres longer planning than inserting. The county
    // the database gives each record goes with its audit line (no lookup per line).
    const inserted: Record<string, unknown>[] = await m.query(
      `INSERT INTO ${table.tableName} (${cols.join(', ')})
       SELECT ${cols.map((c) => `x.${c}`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${types.join(', ')})
       ON CONFLICT DO NOTHING RETURNING id, "${keyCol}", "countyId"`,
      [JSON.stringify(creates.map((c) => c.values))],
    );
    const created = new Map<string, { id: number; countyId: number }>(
      inserted.map((x) => [x[keyCol] as string, { id: x.id as number, countyId: x.countyId as number }]),
    );
    for (const c of creates) {
      const rec = created.get(c.values[keyCol] as string);
      if (rec === undefined) {
        // Someone registered it between the check and the insert: the record exists, nothing to create.
        outcomes.push({ seq: c.row.seq, outcome: 'unchanged' });
        continue;
      }
      const { id, countyId } = rec;
      audits.push({
        entity: table.name,
        entityId: id,
        action: 'create',
        after: { id, ...c.values, source: { ...source, rowNo: c.row.rowNo } },
        actor: ctx.actor,
        countyId,
      });
      outcomes.push({ seq: c.row.seq, outcome: 'created' });
    }
  }
  return { outcomes, audits };
}

const WORKERS: RecordTable<WorkerRow> = {
  entity: Worker,
  name: 'worker',
  tableName: 'workers',
  columns: {
    name: 'varchar',
    citizenId: 'varchar',
    birthDate: 'date',
    sex: 'varchar',
    phone: 'varchar',
    township: 'varchar',
    categories: 'text[]',
    skills: 'text[]',
    notes: 'text',
    version: 'int',
  },
  keyCol: 'citizenId',
  newRecord(r) {
    const id = parseCitizenId(r.citizenId);
    if (!id.ok) throw ImportErrors.BAD_ROW();
    return {
      name: r.name,
      citizenId: id.id,
      birthDate: id.birthDate,
      sex: id.sex,
      phone: r.phone,
      township: r.township,
      categories: r.categories ?? [],
      skills: r.skills ?? [],
      notes: r.notes ?? '',
      version: 1,
    };
  },
};

const EMPLOYERS: RecordTable<EmployerRow> = {
  entity: Employer,
  name: 'employer',
  tableName: 'employers',
  columns: {
    name: 'varchar',
    creditCode: 'varchar',
    region: 'varchar',
    contactName: 'varchar',
    contactPhone: 'varchar',
    agreementStart: 'date',
    agreementEnd: 'date',
    version: 'int',
  },
  keyCol: 'creditCode',
  newRecord: (r) => ({
    name: r.name,
    creditCode: r.creditCode,
    region: r.region,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    agreementStart: r.agreementStart ?? null,
    agreementEnd: r.agreementEnd ?? null,
    version: 1,
  }),
};

export const WORKER_LEDGER: BatchKind<WorkerRow> = {
  kind: 'workers',
  applies: 'batch',
  columns: COLUMNS.workers,
  keyLabel: '身份证号',
  onceRule: ONE_ROW_PER_RECORD,
  templateOnceRule: TEMPLATE_ONE_ROW_PER_RECORD,
  check: checkWorkerRow,
  classify: classifyWorkers,
  applyBatch: (m, rows, ctx) => applyRecords(WORKERS, m, rows, ctx),
};

export const EMPLOYER_LEDGER: BatchKind<EmployerRow> = {
  kind: 'employers',
  applies: 'batch',
  columns: COLUMNS.employers,
  keyLabel: '统一社会信用代码',
  onceRule: ONE_ROW_PER_RECORD,
  templateOnceRule: TEMPLATE_ONE_ROW_PER_RECORD,
  check: checkEmployerRow,
  classify: classifyEmployers,
  applyBatch: (m, rows, ctx) => applyRecords(EMPLOYERS, m, rows, ctx),
};

/** Registers the registry's kinds. */
@Injectable()
export class RegistryLedgerKinds implements OnModuleInit {
  constructor(private readonly kinds: LedgerKinds) {}

  onModuleInit(): void {
    this.kinds.register(WORKER_LEDGER);
    this.kinds.register(EMPLOYER_LEDGER);
  }
}
