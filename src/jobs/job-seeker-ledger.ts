/**
 * 求职登记台账: the jobs context's ledger kind. A row registers a worker's wish for work through
 * {@link JobSeekersService.register}, as POST /job-seekers does (the same rules, the policy
 * period, the audit), marked as coming from a ledger import. A registration already standing
 * and the same is left alone; a lapsed one the same is renewed; a lapsed one that differs is
 * replaced (withdrawn and registered anew in one transaction). One still standing that differs is not
 * overwritten by a sheet: the office changes it in the system.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays, shanghaiToday } from '../common/dates.js';
import { parseYesNo, parseYuanCell, splitList, text } from '../ledgers/cells.js';
import { type Decision, workersByCitizenId } from '../ledgers/classify.js';
import { ID_COLUMN, type LedgerColumn } from '../ledgers/columns.js';
import { type AppliedOutcome, type ApplyContext, LedgerKinds, type RowKind } from '../ledgers/ledger-kind.js';
import type { LedgerImportRow } from '../ledgers/ledger.entity.js';
import { citizenIdOf, dateOf, dtoReasons, type CheckedRow, type RowCells } from '../ledgers/ledger-rows.js';
import { RegisterJobSeekerDto } from './jobs.dto.js';
import { JobSeekersService } from './job-seekers.service.js';

const COLUMNS: LedgerColumn[] = [
  {
    key: 'name',
    header: '姓名',
    synonyms: ['名字', '人员姓名', '求职人员姓名', '劳动者姓名'],
    required: false,
    note: '仅用于核对：必须与系统中该身份证号的人员姓名一致。',
    example: '张三',
  },
  ID_COLUMN,
  {
    key: 'jobs',
    header: '求职意向',
    synonyms: ['意向工种', '求职工种', '意向岗位', '求职岗位', '求职意向工种'],
    required: true,
    note: '想做的工种，可填多个，用顿号或逗号隔开，每个1到30字，最多10个。',
    example: '采棉工、建筑小工',
  },
  {
    key: 'destinations',
    header: '意向务工地',
    synonyms: ['意向务工地点', '意向地区', '期望工作地点', '务工意向地', '愿去地区'],
    required: false,
    note: '愿意去的地方，可填多个，每个1到50字，最多10个。留空表示不限地点。',
    example: '新疆',
  },
  {
    key: 'expectedWage',
    header: '期望月工资(元)',
    synonyms: ['期望月工资', '期望工资', '期望月薪', '期望月工资（元）', '期望收入'],
    required: false,
    note: '以元为单位，最多两位小数，大于0。可留空。',
    example: 3500,
  },
  {
    key: 'availableFrom',
    header: '可上岗日期',
    synonyms: ['可到岗日期', '可外出日期', '可务工日期', '到岗时间', '可上岗时间'],
    required: true,
    note: '最早能去上岗的日期，不得晚于今天起一年。',
    example: '2026-03-01',
  },
  {
    key: 'wantsTraining',
    header: '培训意愿',
    synonyms: ['是否愿意培训', '愿意参加培训', '参加培训意愿', '是否参加培训'],
    required: false,
    note: '先参加培训再就业的，填“是”；否则填“否”。留空按“否”。',
    example: '是',
  },
  {
    key: 'notes',
    header: '备注',
    synonyms: ['说明'],
    required: false,
    note: '不超过2000字；只在新登记时写入。',
    example: '',
  },
];

export interface JobSeekerRow {
  citizenId: string;
  name?: string;
  jobs: string[];
  destinations: string[];
  expectedWageFen: number | null;
  availableFrom: string;
  wantsTraining: boolean;
  notes?: string;
}

/** The column names of the registration's own values, for the reasons a row is refused or replaces one. */
const FIELDS: [keyof JobSeekerRow, string][] = [
  ['jobs', '求职意向'],
  ['destinations', '意向务工地'],
  ['expectedWageFen', '期望月工资'],
  ['availableFrom', '可上岗日期'],
  ['wantsTraining', '培训意愿'],
];

const RULES: Record<string, string> = {
  jobs: '求职意向每项1到30字，最多10项',
  destinations: '意向务工地每项1到50字，最多10项',
  expectedWageFen: '期望月工资必须大于0',
  availableFrom: '可上岗日期不是有效日期',
  notes: '备注不超过2000字',
};

const unique = (xs: string[]) => [...new Set(xs)];

export function checkJobSeekerRow(cells: RowCells, today = shanghaiToday()): CheckedRow<JobSeekerRow> {
  const reasons: string[] = [];
  const citizenId = citizenIdOf(cells, reasons);
  const jobs = unique(splitList(cells.get('jobs') ?? null));
  if (!jobs.length) reasons.push('求职意向为空');
  const destinations = unique(splitList(cells.get('destinations') ?? null));
  let expectedWageFen: number | null = null;
  const wageCell = cells.get('expectedWage') ?? null;
  if (wageCell !== null && text(wageCell) !== '') {
    const w = parseYuanCell(wageCell);
    if (w.ok) expectedWageFen = w.value;
    else reasons.push(`期望月工资：${w.reason}`);
  }
  const availableFrom = dateOf(cells, 'availableFrom', '可上岗日期', reasons, true) ?? null;
  if (availableFrom && availableFrom > addDays(today, 366)) reasons.push('可上岗日期不能晚于今天起一年');
  const training = parseYesNo(cells.get('wantsTraining') ?? null);
  if (!training.ok) reasons.push(`培训意愿：${training.reason}`);
  const name = text(cells.get('name') ?? null) || undefined;
  const notes = text(cells.get('notes') ?? null) || undefined;
  const data: JobSeekerRow = {
    citizenId: citizenId ?? '',
    jobs,
    destinations,
    expectedWageFen,
    availableFrom: availableFrom ?? '',
    wantsTraining: training.ok ? training.value : false,
    ...(name ? { name } : {}),
    ...(notes ? { notes } : {}),
  };
  if (jobs.length && availableFrom) {
    // The API's own DTO: the same lengths and counts as POST /job-seekers.
    reasons.push(
      ...dtoReasons(
        RegisterJobSeekerDto,
        {
          workerId: 1,
          jobs,
          destinations,
          ...(expectedWageFen !== null ? { expectedWageFen } : {}),
          availableFrom,
          wantsTraining: data.wantsTraining,
          source: 'station',
          ...(notes ? { notes } : {}),
        },
        RULES,
      ),
    );
  }
  return reasons.length
    ? { key: citizenId, data: null, reasons: [...new Set(reasons)] }
    : { key: citizenId, data, reasons };
}

interface Standing {
  id: number;
  workerId: number;
  jobs: string[];
  destinations: string[];
  expectedWageFen: number | null;
  availableFrom: string;
  wantsTraining: boolean;
  validUntil: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function classifyJobSeekers(rows: JobSeekerRow[], m: EntityManager): Promise<Decision[]> {
  const today = shanghaiToday();
  const workers = await workersByCitizenId(
    m,
    rows.map((r) => r.citizenId),
  );
  const wIds = [...workers.values()].map((w) => w.id);
  const standing: Standing[] = wIds.length
    ? await m.query(
        `SELECT id, "workerId", jobs, destinations, "expectedWageFen", to_char("availableFrom", 'YYYY-MM-DD') AS "availableFrom",
                "wantsTraining", to_char("validUntil", 'YYYY-MM-DD') AS "validUntil"
           FROM job_seekers WHERE "workerId" = ANY($1) AND "withdrawnOn" IS NULL`,
        [wIds],
      )
    : [];
  const byWorker = new Map(standing.map((s) => [s.workerId, s]));
  return rows.map((r) => {
    const w = workers.get(r.citizenId);
    if (!w)
      return {
        action: 'reject',
        reasons: ['该身份证号的人员还没有在系统登记：请先导入务工人员台账或逐个登记'],
        changes: [],
      };
    if (r.name && r.name !== w.name)
      return {
        action: 'reject',
        reasons: [`姓名“${r.name}”与系统中该身份证号的姓名“${w.name}”不一致`],
        changes: [],
      };
    const refs = { workerId: w.id };
    const s = byWorker.get(w.id);
    if (!s) return { action: 'create', reasons: [], changes: [], refs };
    const existing = { ...s };
    const changes = FIELDS.filter(([k]) => !same(r[k], s[k as keyof Standing])).map(([, label]) => label);
    const lapsed = s.validUntil < today;
    if (!lapsed) {
      if (!changes.length) return { action: 'unchanged', reasons: [], changes: [], existing, refs };
      return {
        action: 'reject',
        reasons: [
          `该人员已有有效的求职登记（有效期至${s.validUntil}），与本行的${changes.join('、')}不同：台账不覆盖有效的登记，如需更改请在系统中撤销原登记后重新登记或再导入`,
        ],
        changes: [],
      };
    }
    // Lapsed: the same wish is renewed for another period; a different one replaces it.
    return { action: 'update', reasons: [], changes: [...changes, '有效期'], existing, refs };
  });
}

@Injectable()
export class JobSeekerLedger implements RowKind<JobSeekerRow>, OnModuleInit {
  readonly kind = 'job_seekers';
  readonly applies = 'row';
  readonly columns = COLUMNS;
  readonly keyLabel = '身份证号';
  readonly onceRule = '同一文件中每人只能有一条求职登记';
  readonly templateOnceRule = '同一文件中同一人只能出现一次';
  // One standing registration per worker is a unique index, and the service locks the worker's
  // row: two imports at once cannot both register the same person.
  readonly lockByKey = false;
  readonly auditEntity = 'job_seeker';

  constructor(
    private readonly seekers: JobSeekersService,
    private readonly kinds: LedgerKinds,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  check(cells: RowCells): CheckedRow<JobSeekerRow> {
    return checkJobSeekerRow(cells);
  }

  classify(rows: JobSeekerRow[], m: EntityManager): Promise<Decision[]> {
    return classifyJobSeekers(rows, m);
  }

  async applyRow(r: LedgerImportRow, s: JobSeekerRow, d: Decision, ctx: ApplyContext): Promise<AppliedOutcome> {
    const from = { importId: ctx.importId, rowNo: r.rowNo };
    if (d.action === 'unchanged') return 'unchanged';
    // Only the validity differs: the lapsed registration is renewed; else the row replaces it.
    if (d.action === 'update' && d.changes.length === 1) {
      await this.seekers.renew(d.existing!.id, ctx.actor, from);
      return 'updated';
    }
    await this.seekers.register(
      {
        workerId: d.refs!.workerId!,
        jobs: s.jobs,
        destinations: s.destinations,
        ...(s.expectedWageFen !== null ? { expectedWageFen: s.expectedWageFen } : {}),
        availableFrom: s.availableFrom,
        wantsTraining: s.wantsTraining,
        source: 'ledger_import',
        ...(s.notes ? { notes: s.notes } : {}),
      },
      ctx.actor,
      from,
      d.action === 'update' ? { id: d.existing!.id, reason: '登记已过期，按求职登记台账重新登记' } : undefined,
    );
    return d.action === 'update' ? 'updated' : 'created';
  }
}
