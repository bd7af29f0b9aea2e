import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { excel } from '../common/exceljs.js';
import { inertCell } from '../common/xlsx-export.js';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { ReconciliationErrors } from './ledgers.errors.js';
import { maskCitizenId, maskPhone, parseCitizenId, parsePhone } from '../identity/index.js';
import { idCellProblem, text } from './cells.js';
import { COLUMNS } from './columns.js';
import { readLedger } from './ledger-file.js';
import { LedgerReconciliation } from './ledger.entity.js';
import { acceptLedgerFile } from './upload-limits.js';

type Upload = { buffer: Buffer; size: number; originalname: string };

interface LedgerPerson {
  rowNo: number;
  name: string;
  citizenId: string;
  phone: string | null;
  township: string;
}
export interface FieldDiff {
  field: string;
  ledger: string | null;
  system: string | null;
}
export interface ReconciliationResult {
  township: string;
  counts: {
    ledgerRows: number;
    systemWorkers: number;
    matching: number;
    notInSystem: number;
    notInLedger: number;
    differing: number;
    invalid: number;
  };
  /** In the ledger, not in the registry at all. */
  notInSystem: { rowNo: number; name: string; citizenId: string; phone: string | null }[];
  /** In the registry for this township, not in the ledger (ID and phone masked, as in lists). */
  notInLedger: { workerId: number; name: string; citizenId: string; phone: string }[];
  /** In both, with the fields that differ. */
  differing: { rowNo: number; workerId: number; name: string; citizenId: string; differences: FieldDiff[] }[];
  /** Ledger rows that could not be compared (bad ID number, duplicate). */
  invalid: { rowNo: number; name: string; reasons: string[] }[];
}

/**
 * 卡表册人相符: compares a township's ledger with the registry, imports nothing. People are
 * matched by ID number; name, phone (when the ledger has it) and township are compared.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async reconcile(township: string | undefined, file: Upload | undefined, actor: Actor) {
    const name = (township ?? '').trim();
    if (!name) throw ReconciliationErrors.TOWNSHIP_REQUIRED();
    if (!(await this.db.query('SELECT 1 FROM townships WHERE name = $1', [name])).length)
      throw ReconciliationErrors.TOWNSHIP_UNKNOWN({ township: name });
    const type = await acceptLedgerFile(file);
    const ledger = await readLedger(COLUMNS.workers, type, file!.buffer, ['name', 'citizenId']);
    const people: LedgerPerson[] = [];
    const invalid: ReconciliationResult['invalid'] = [];
    const seen = new Map<string, number>();
    for (const r of ledger.rows) {
      const who = text(r.cells.get('name') ?? null);
      const reasons: string[] = [];
      const idCell = r.cells.get('citizenId') ?? null;
      const numeric = idCellProblem(idCell);
      const id = numeric ? null : parseCitizenId(text(idCell));
      if (numeric) reasons.push(numeric);
      else if (id && !id.ok) reasons.push(id.error.message);
      let phone: string | null = null;
      if (r.cells.has('phone') && text(r.cells.get('phone') ?? null)) {
        const c = r.cells.get('phone') ?? null;
        const p = parsePhone(typeof c === 'number' ? String(c) : text(c));
        if (p.ok) phone = p.phone;
        else reasons.push(p.error.message);
      }
      if (id?.ok) {
        const first = seen.get(id.id);
        if (first !== undefined) reasons.push(`身份证号与第${first}行重复`);
        else seen.set(id.id, r.rowNo);
      }
      if (reasons.length || !id?.ok) {
        invalid.push({ rowNo: r.rowNo, name: who, reasons });
        continue;
      }
      const ledgerTownship = r.cells.has('township') ? text(r.cells.get('township') ?? null).replace(/\s+/g, '') : '';
      people.push({ rowNo: r.rowNo, name: who, citizenId: id.id, phone, township: ledgerTownship || name });
    }
    const ids = people.map((p) => p.citizenId);
    const found: { id: number; name: string; citizenId: string; phone: string; township: string }[] =
      await this.db.query(
        `SELECT id, name, "citizenId", phone, township FROM workers WHERE township = $1 OR "citizenId" = ANY($2)`,
        [name, ids],
      );
    const byId = new Map(found.map((w) => [w.citizenId, w]));
    const inLedger = new Set(ids);
    const result: ReconciliationResult = {
      township: name,
      counts: {
        ledgerRows: ledger.rows.length,
        systemWorkers: found.filter((w) => w.township === name).length,
        matching: 0,
        notInSystem: 0,
        notInLedger: 0,
        differing: 0,
        invalid: invalid.length,
      },
      notInSystem: [],
      notInLedger: [],
      differing: [],
      invalid,
    };
    for (const p of people) {
      const w = byId.get(p.citizenId);
      if (!w) {
        result.notInSystem.push({ rowNo: p.rowNo, name: p.name, citizenId: p.citizenId, phone: p.phone });
        continue;
      }
      const differences: FieldDiff[] = [];
      if (p.name !== w.name) differences.push({ field: '姓名', ledger: p.name, system: w.name });
      if (p.phone !== null && p.phone !== w.phone)
        differences.push({ field: '联系电话', ledger: p.phone, system: maskPhone(w.phone) });
      if (p.township !== w.township) differences.push({ field: '乡镇', ledger: p.township, system: w.township });
      if (differences.length)
        result.differing.push({ rowNo: p.rowNo, workerId: w.id, name: p.name, citizenId: p.citizenId, differences });
      else result.counts.matching++;
    }
    for (const w of found) {
      if (w.township === name && !inLedger.has(w.citizenId))
        result.notInLedger.push({
          workerId: w.id,
          name: w.name,
          citizenId: maskCitizenId(w.citizenId),
          phone: maskPhone(w.phone),
        });
    }
    result.counts.notInSystem = result.notInSystem.length;
    result.counts.notInLedger = result.notInLedger.length;
    result.counts.differing = result.differing.length;
    const saved = await this.db.transaction(async (m) => {
      const rec = await m.save(
        LedgerReconciliation,
        m.create(LedgerReconciliation, {
          township: name,
          fileName: (file!.originalname || 'ledger').slice(0, 200),
          result: result as unknown as Record<string, unknown>,
          createdBy: actor.username,
        }),
      );
      await this.audit.record(
        {
          entity: 'ledger_reconciliation',
          entityId: rec.id,
          action: 'create',
          after: { township: name, counts: result.counts },
        },
        m,
      );
      return rec;
    });
    return {
      id: saved.id,
      createdAt: saved.createdAt,
      createdBy: saved.createdBy,
      fileName: saved.fileName,
      ...result,
    };
  }

  async get(id: number) {
    const r = await this.db.getRepository(LedgerReconciliation).findOneBy({ id });
    if (!r) throw ReconciliationErrors.NOT_FOUND();
    return {
      id: r.id,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      fileName: r.fileName,
      ...(r.result as unknown as ReconciliationResult),
    };
  }

  /** One sheet per group: 概况, 台账有系统无, 系统有台账无, 信息不一致, 无法核对. */
  async workbook(id: number): Promise<{ buffer: Buffer; fileName: string }> {
    const r = await this.get(id);
    const wb = new (await excel()).Workbook();
    const sheet = (name: string, headers: string[], rows: unknown[][]) => {
      const ws = wb.addWorksheet(name);
      ws.addRow(headers).font = { bold: true };
      headers.forEach((h, i) => (ws.getColumn(i + 1).width = Math.max(12, h.length * 2 + 6)));
      for (const row of rows) ws.addRow(row.map(inertCell));
    };
    sheet(
      '概况',
      ['项目', '数量'],
      [
        ['乡镇', r.township],
        ['台账行数', r.counts.ledgerRows],
        ['系统中该乡镇人数', r.counts.systemWorkers],
        ['一致', r.counts.matching],
        ['台账有、系统无', r.counts.notInSystem],
        ['系统有、台账无', r.counts.notInLedger],
        ['信息不一致', r.counts.differing],
        ['无法核对', r.counts.invalid],
      ],
    );
    sheet(
      '台账有系统无',
      ['台账行号', '姓名', '身份证号', '联系电话'],
      r.notInSystem.map((p) => [p.rowNo, p.name, p.citizenId, p.phone]),
    );
    sheet(
      '系统有台账无',
      ['系统编号', '姓名', '身份证号', '联系电话'],
      r.notInLedger.map((p) => [p.workerId, p.name, p.citizenId, p.phone]),
    );
    sheet(
      '信息不一致',
      ['台账行号', '系统编号', '姓名', '身份证号', '项目', '台账中', '系统中'],
      r.differing.flatMap((d) =>
        d.differences.map((f) => [d.rowNo, d.workerId, d.name, d.citizenId, f.field, f.ledger, f.system]),
      ),
    );
    sheet(
      '无法核对',
      ['台账行号', '姓名', '原因'],
      r.invalid.map((p) => [p.rowNo, p.name, p.reasons.join('；')]),
    );
    return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `${r.township}-卡表册人核对-${id}.xlsx` };
  }
}
