/**
 * 输出（就业）登记台账: the placements context's ledger kind. A row registers a placement through
 * {@link PlacementsService.register} (so its contract process starts as for any other), or
 * corrects one still awaiting its contract.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { addDays, shanghaiToday } from '../common/dates.js';
import { returnedRows } from '../common/sql.js';
import { parseContractTerm, parseYesNo, parseYuanCell, text } from '../ledgers/cells.js';
import { type Decision, workersByCitizenId } from '../ledgers/classify.js';
import { ID_COLUMN, type LedgerColumn } from '../ledgers/columns.js';
import { type AppliedOutcome, type ApplyContext, LedgerKinds, type RowKind } from '../ledgers/ledger-kind.js';
import type { LedgerImportRow } from '../ledgers/ledger.entity.js';
import {
  citizenIdOf,
  creditCodeOf,
  dateOf,
  dtoReasons,
  type CheckedRow,
  type RowCells,
} from '../ledgers/ledger-rows.js';
import { ImportErrors } from '../ledgers/ledgers.errors.js';
import { RegisterPlacementDto } from './placements.dto.js';
import { PlacementsService } from './placements.service.js';

const COLUMNS: LedgerColumn[] = [
  {
    key: 'name',
    header: '姓名',
    synonyms: ['名字', '人员姓名', '务工人员姓名'],
    required: false,
    note: '仅用于核对：必须与系统中该身份证号的人员姓名一致。',
    example: '张三',
  },
  ID_COLUMN,
  {
    key: 'employerName',
    header: '用工单位',
    synonyms: ['单位名称', '企业名称', '用人单位'],
    required: false,
    note: '仅用于核对，单位以统一社会信用代码为准。',
    example: '大连某某物流有限公司',
  },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    synonyms: ['信用代码', '社会信用代码', '用工单位信用代码'],
    required: true,
    text: true,
    note: '用工单位的统一社会信用代码；该单位须已在系统登记。',
    example: '91210211MA0TQ8GX3B',
  },
  {
    key: 'startDate',
    header: '上岗日期',
    synonyms: ['就业日期', '入职日期', '务工日期', '确立劳动关系日期', '上岗时间', '输出日期'],
    required: true,
    note: '确立劳动关系之日，签合同的期限从这天算；不得晚于今天后180天。',
    example: '2026-03-01',
  },
  {
    key: 'job',
    header: '工种',
    synonyms: ['岗位', '从事工种', '工作岗位', '职业'],
    required: true,
    note: '1到60字。',
    example: '报纸投递员',
  },
  {
    key: 'monthlyWage',
    header: '月工资(元)',
    synonyms: ['月工资', '月收入', '月薪', '工资', '月工资（元）', '月收入(元)'],
    required: true,
    note: '以元为单位，最多两位小数，大于0。',
    example: 3200,
  },
  {
    key: 'destination',
    header: '务工地点',
    synonyms: ['输出地点', '务工地区', '就业地点', '工作地点'],
    required: true,
    note: '2到100字，如“黑龙江省哈尔滨市南岗区”。',
    example: '黑龙江省哈尔滨市南岗区',
  },
  {
    key: 'organised',
    header: '有组织输出',
    synonyms: ['是否有组织输出', '组织方式', '输出方式'],
    required: false,
    note: '填“是”或“否”（也接受“有组织”“自发”）。留空按“否”。',
    example: '是',
  },
  {
    key: 'contractTerm',
    header: '合同期限',
    synonyms: ['劳动合同期限'],
    required: false,
    note: '仅作核对，不在此导入合同：合同须在登记后上传扫描件。填如“24个月”“2年”“无固定期限”。',
    example: '24个月',
  },
];

export interface PlacementRow {
  citizenId: string;
  name?: string;
  creditCode: string;
  employerName?: string;
  startDate: string;
  job: string;
  monthlyWageFen: number;
  destination: string;
  organised: boolean;
  contractTerm?: string;
}

export function checkPlacementRow(cells: RowCells): CheckedRow<PlacementRow> {
  const reasons: string[] = [];
  const citizenId = citizenIdOf(cells, reasons);
  const creditCode = creditCodeOf(cells, reasons);
  const startDate = dateOf(cells, 'startDate', '上岗日期', reasons, true) ?? null;
  const job = text(cells.get('job') ?? null);
  const destination = text(cells.get('destination') ?? null);
  if (!job) reasons.push('工种为空');
  if (!destination) reasons.push('务工地点为空');
  let monthlyWageFen = 0;
  const wageCell = cells.get('monthlyWage') ?? null;
  if (wageCell === null || text(wageCell) === '') reasons.push('月工资为空');
  else {
    const w = parseYuanCell(wageCell);
    if (w.ok) monthlyWageFen = w.value;
    else reasons.push(`月工资：${w.reason}`);
  }
  const org = parseYesNo(cells.get('organised') ?? null);
  if (!org.ok) reasons.push(`有组织输出：${org.reason}`);
  let contractTerm: string | undefined;
  if (cells.has('contractTerm')) {
    const t = parseContractTerm(cells.get('contractTerm') ?? null);
    if (t.ok) contractTerm = t.value || undefined;
    else reasons.push(`合同期限：${t.reason}`);
  }
  const name = text(cells.get('name') ?? null) || undefined;
  const employerName = text(cells.get('employerName') ?? null) || undefined;
  const data: PlacementRow = {
    citizenId: citizenId ?? '',
    creditCode: creditCode ?? '',
    startDate: startDate ?? '',
    job,
    monthlyWageFen,
    destination,
    organised: org.ok ? org.value : false,
    ...(name ? { name } : {}),
    ...(employerName ? { employerName } : {}),
    ...(contractTerm ? { contractTerm } : {}),
  };
  if (job && destination && startDate && monthlyWageFen >= 0 && wageCell !== null) {
    reasons.push(
      ...dtoReasons(RegisterPlacementDto, {
        workerId: 1,
        employerId: 1,
        startDate,
        job,
        monthlyWageFen,
        destination,
        organised: data.organised,
      }),
    );
  }
  const key = citizenId && creditCode && startDate ? `${citizenId}|${creditCode}|${startDate}` : null;
  return reasons.length ? { key, data: null, reasons: [...new Set(reasons)] } : { key, data, reasons };
}

export const PLACEMENT_FIELDS: [keyof PlacementRow, string][] = [
  ['job', '工种'],
  ['monthlyWageFen', '月工资'],
  ['destination', '务工地点'],
  ['organised', '有组织输出'],
];

export async function classifyPlacements(rows: PlacementRow[], m: EntityManager): Promise<Decision[]> {
  const workers = await workersByCitizenId(
    m,
    rows.map((r) => r.citizenId),
  );
  const employers = new Map<string, { id: number; name: string }>(
    (
      await m.query('SELECT id, "creditCode", name FROM employers WHERE "creditCode" = ANY($1)', [
        rows.map((r) => r.creditCode),
      ])
    ).map((e: { id: number; creditCode: string; name: string }) => [e.creditCode, e]),
  );
  const wIds = [...workers.values()].map((w) => w.id);
  const existing: (Record<string, unknown> & {
    id: number;
    workerId: number;
    employerId: number;
    startDate: string;
  })[] = wIds.length
    ? await m.query(
        `SELECT p.id, p."workerId", p."employerId", to_char(p."startDate", 'YYYY-MM-DD') AS "startDate", p.job, p."monthlyWageFen", p.destination, p.organised, p.version,
                p.status, e.name AS "employerName"
           FROM placements p JOIN employers e ON e.id = p."employerId" WHERE p."workerId" = ANY($1)`,
        [wIds],
      )
    : [];
  const byKey = new Map(existing.map((p) => [`${p.workerId}|${p.employerId}|${p.startDate}`, p]));
  const openOf = new Map(existing.filter((p) => p.status !== 'ended').map((p) => [p.workerId, p]));
  const latest = addDays(shanghaiToday(), 180);
  return rows.map((r) => {
    const reasons: string[] = [];
    const w = workers.get(r.citizenId);
    const e = employers.get(r.creditCode);
    if (!w) reasons.push('该身份证号的人员还没有在系统登记：请先导入务工人员台账或逐个登记');
    else if (r.name && r.name !== w.name) reasons.push(`姓名“${r.name}”与系统中该身份证号的姓名“${w.name}”不一致`);
    if (!e) reasons.push('该统一社会信用代码的用工单位还没有在系统登记：请先导入用工单位台账');
    if (r.startDate > latest) reasons.push('上岗日期不能晚于今天后180天');
    if (reasons.length) return { action: 'reject', reasons, changes: [] };
    const p = byKey.get(`${w!.id}|${e!.id}|${r.startDate}`);
    const refs = { workerId: w!.id, employerId: e!.id };
    if (!p) {
      // As PlacementsService.register refuses it: one placement that has not ended per worker.
      const open = openOf.get(w!.id);
      if (open)
        return {
          action: 'reject',
          reasons: [
            `该人员已有未离职的就业登记（${open.employerName}，${open.startDate}上岗）：一人同时只能有一条未离职的就业登记，请先在系统中为其登记离职，再导入这一行`,
          ],
          changes: [],
        };
      return { action: 'create', reasons: [], changes: [], refs };
    }
    const changes = PLACEMENT_FIELDS.filter(([k]) => r[k] !== p[k]).map(([, label]) => label);
    return { action: changes.length ? 'update' : 'unchanged', reasons: [], changes, existing: p, refs };
  });
}

@Injectable()
export class PlacementLedger implements RowKind<PlacementRow>, OnModuleInit {
  readonly kind = 'placements';
  readonly applies = 'row';
  readonly columns = COLUMNS;
  readonly keyLabel = '身份证号、统一社会信用代码和上岗日期';
  readonly onceRule = '同一文件中每人（每个单位）只能出现一次';
  readonly templateOnceRule = '同一文件中同一人（同一单位）只能出现一次';
  // Placements have no unique key in the table: two imports of one file running at once must
  // not both register the same placement.
  readonly lockByKey = true;
  readonly auditEntity = 'placement';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly placements: PlacementsService,
    private readonly kinds: LedgerKinds,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  check(cells: RowCells): CheckedRow<PlacementRow> {
    return checkPlacementRow(cells);
  }

  classify(rows: PlacementRow[], m: EntityManager): Promise<Decision[]> {
    return classifyPlacements(rows, m);
  }

  /** One new placement per person in a file: the first row that registers one for a worker (by ID number). */
  fileRule() {
    const firstPlacementOf = new Map<string, number>();
    return (rowNo: number, p: PlacementRow, d: Decision): Decision => {
      if (d.action !== 'create') return d;
      const first = firstPlacementOf.get(p.citizenId);
      if (first === undefined) {
        firstPlacementOf.set(p.citizenId, rowNo);
        return d;
      }
      return {
        action: 'reject',
        reasons: [`该人员在第${first}行已有一条新的就业登记：一人同时只能有一条未离职的就业登记，只按第${first}行登记`],
        changes: [],
      };
    };
  }

  async applyRow(r: LedgerImportRow, p: PlacementRow, d: Decision, ctx: ApplyContext): Promise<AppliedOutcome> {
    if (d.action === 'create') {
      await this.placements.register(
        {
          workerId: d.refs!.workerId!,
          employerId: d.refs!.employerId!,
          startDate: p.startDate,
          job: p.job,
          monthlyWageFen: p.monthlyWageFen,
          destination: p.destination,
          organised: p.organised,
        },
        ctx.actor,
      );
      return 'created';
    }
    if (d.action !== 'update') return 'unchanged';
    await this.db.transaction(async (m) => {
      const before = d.existing!;
      // Only the placement as it was classified: not one signed, ended or changed by someone since.
      const updated = returnedRows(
        await m.query(
          `UPDATE placements SET job = $2, "monthlyWageFen" = $3, destination = $4, organised = $5, version = version + 1, "updatedAt" = now()
         WHERE id = $1 AND status = 'awaiting_contract' AND version = $6 RETURNING id`,
          [before.id, p.job, p.monthlyWageFen, p.destination, p.organised, before.version],
        ),
      );
      if (!updated.length) throw ImportErrors.PLACEMENT_CHANGED();
      await this.audit.record(
        {
          entity: 'placement',
          entityId: before.id,
          action: 'update',
          before,
          after: {
            job: p.job,
            monthlyWageFen: p.monthlyWageFen,
            destination: p.destination,
            organised: p.organised,
            source: { importId: ctx.importId, rowNo: r.rowNo },
          },
          actor: ctx.actor,
        },
        m,
      );
    });
    return 'updated';
  }
}
