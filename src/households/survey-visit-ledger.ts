/**
 * 摸底走访台账: the households context's ledger kind. A row records a survey visit through
 * {@link SurveyRoundsService.recordVisit}, as POST /survey-rounds/:id/visits does: the household
 * is re-derived and audited.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { shanghaiToday } from '../common/dates.js';
import { type Cell, text } from '../ledgers/cells.js';
import type { Decision } from '../ledgers/classify.js';
import type { LedgerColumn } from '../ledgers/columns.js';
import { type AppliedOutcome, type ApplyContext, LedgerKinds, type RowKind } from '../ledgers/ledger-kind.js';
import { citizenIdOf, dateOf, type CheckedRow, type RowCells } from '../ledgers/ledger-rows.js';
import type { LedgerImportRow } from '../ledgers/ledger.entity.js';
import type { HouseholdStatus } from './household.entity.js';
import { HouseholdStatusService } from './household-status.service.js';
import { SurveyRoundsService } from './survey-rounds.service.js';

/** A household's status derived from its members, as the API derives it. */
type Assess = (householdId: number, on: string, m: EntityManager) => Promise<{ status: HouseholdStatus }>;

const COLUMNS: LedgerColumn[] = [
  {
    key: 'period',
    header: '摸底轮次',
    synonyms: ['轮次', '摸底期次', '调查轮次', '摸底时段'],
    required: true,
    note: '业务科已开启、尚未结束的摸底轮次，写作“2026H2”或“2026年下半年”（H1为上半年）。',
    example: '2026H2',
  },
  {
    key: 'township',
    header: '乡镇',
    synonyms: ['所属乡镇', '乡镇(街道)', '乡镇街道', '乡镇名称'],
    required: false,
    note: '按家庭地址找户时必填；按户主身份证号找户时仅用于核对。',
    example: '城关镇',
  },
  {
    key: 'address',
    header: '家庭地址',
    synonyms: ['家庭住址', '住址', '地址', '户籍地址'],
    required: false,
    note: '户主身份证号为空时，按“乡镇＋家庭地址”找户，须与系统中登记的地址一字不差。',
    example: '城关镇幸福路12号',
  },
  {
    key: 'headName',
    header: '户主姓名',
    synonyms: ['户主', '姓名'],
    required: false,
    note: '仅用于核对：必须与系统中该身份证号的人员姓名一致。',
    example: '张三',
  },
  {
    key: 'citizenId',
    header: '户主身份证号',
    synonyms: ['户主身份证号码', '户主公民身份号码', '身份证号', '身份证号码', '公民身份号码'],
    required: false,
    text: true,
    note: '户主（或该户任一登记成员）的18位身份证号，用来找到系统中的家庭户；请把这一列设为“文本”格式。为空时按乡镇＋家庭地址找户。',
    example: '230781198503121234',
  },
  {
    key: 'visitedOn',
    header: '走访日期',
    synonyms: ['摸底日期', '入户日期', '调查日期', '走访时间'],
    required: true,
    note: '须在该轮次的半年之内，且不晚于今天。',
    example: '2026-07-15',
  },
  {
    key: 'visitedBy',
    header: '走访人',
    synonyms: ['走访人员', '调查人', '摸底人', '入户人员'],
    required: true,
    note: '实际入户的工作人员姓名，1到40字。',
    example: '李四',
  },
  {
    key: 'finding',
    header: '走访情况',
    synonyms: ['走访发现', '摸底情况', '调查结果', '就业情况', '认定情况', '发现'],
    required: true,
    note: '填“零就业”“有人就业”或“无劳动年龄人员”；须与系统登记一致（已就业的先登记就业，再导入）。',
    example: '零就业',
  },
  {
    key: 'note',
    header: '备注',
    synonyms: ['说明', '走访记录'],
    required: false,
    note: '不超过2000字。',
    example: '',
  },
];

/** A household is found by a member's ID number, or else by township + address. */
export interface SurveyVisitRow {
  period: string;
  citizenId?: string;
  headName?: string;
  township?: string;
  address?: string;
  visitedOn: string;
  visitedBy: string;
  finding: HouseholdStatus;
  note?: string;
}

/** 2026H2, 2026h2, 2026年下半年, 2026下半年 → 2026H2. */
export function parsePeriod(c: Cell): string | null {
  const t = text(c).replace(/\s+/g, '').toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^(20\d\d)H([12])$/.exec(t))) return `${m[1]}H${m[2]}`;
  if ((m = /^(20\d\d)年?(上|下)半年(度)?$/.exec(t))) return `${m[1]}H${m[2] === '上' ? 1 : 2}`;
  return null;
}

export const FINDING_LABELS: Record<HouseholdStatus, string> = {
  zero_employment: '零就业',
  employed: '有人就业',
  no_working_age: '无劳动年龄人员',
};
const FINDING_BY_WORD = new Map<string, HouseholdStatus>([
  ...Object.entries(FINDING_LABELS).map(([k, v]) => [v, k as HouseholdStatus] as [string, HouseholdStatus]),
  ...(Object.keys(FINDING_LABELS) as HouseholdStatus[]).map((k) => [k, k] as [string, HouseholdStatus]),
  ['零就业家庭', 'zero_employment'],
  ['是零就业家庭', 'zero_employment'],
  ['零就业户', 'zero_employment'],
  ['已就业', 'employed'],
  ['就业', 'employed'],
  ['有就业', 'employed'],
  ['非零就业', 'employed'],
  ['有成员就业', 'employed'],
  ['无劳动年龄成员', 'no_working_age'],
  ['无劳动力', 'no_working_age'],
  ['无劳动年龄人口', 'no_working_age'],
]);

export function checkSurveyVisitRow(cells: RowCells): CheckedRow<SurveyVisitRow> {
  const reasons: string[] = [];
  const periodCell = cells.get('period') ?? null;
  const period = parsePeriod(periodCell);
  if (!text(periodCell)) reasons.push('摸底轮次为空');
  else if (!period) reasons.push(`摸底轮次“${text(periodCell)}”应写作如“2026H2”或“2026年下半年”`);
  const hasId = cells.has('citizenId') && text(cells.get('citizenId') ?? null) !== '';
  const citizenId = hasId ? citizenIdOf(cells, reasons) : null;
  const township = text(cells.get('township') ?? null).replace(/\s+/g, '') || undefined;
  const address = text(cells.get('address') ?? null).replace(/\s+/g, '') || undefined;
  if (!hasId && !address) reasons.push('户主身份证号和家庭地址都为空：至少填一项，才能找到这一户');
  else if (!hasId && !township) reasons.push('按家庭地址找户时乡镇不能为空');
  const visitedOn = dateOf(cells, 'visitedOn', '走访日期', reasons, true) ?? null;
  if (visitedOn && visitedOn > shanghaiToday()) reasons.push(`走访日期${visitedOn}晚于今天：不能登记还没有发生的走访`);
  const visitedBy = text(cells.get('visitedBy') ?? null).replace(/\s+/g, ' ');
  if (!visitedBy) reasons.push('走访人为空');
  else if (visitedBy.length > 40) reasons.push('走访人不超过40字');
  const findingText = text(cells.get('finding') ?? null).replace(/\s+/g, '');
  const finding = FINDING_BY_WORD.get(findingText);
  if (!findingText) reasons.push('走访情况为空');
  else if (!finding) reasons.push(`走访情况“${findingText}”不认识，可填：${Object.values(FINDING_LABELS).join('、')}`);
  // A note is free text: kept as written (Chinese punctuation stays full-width).
  const noteCell = cells.get('note') ?? null;
  const note =
    (typeof noteCell === 'string' ? noteCell.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim() : text(noteCell)) ||
    undefined;
  if (note && note.length > 2000) reasons.push('备注不超过2000字');
  const headName = text(cells.get('headName') ?? null) || undefined;
  const data: SurveyVisitRow = {
    period: period ?? '',
    visitedOn: visitedOn ?? '',
    visitedBy,
    finding: finding ?? 'employed',
    ...(citizenId ? { citizenId } : {}),
    ...(headName ? { headName } : {}),
    ...(township ? { township } : {}),
    ...(address ? { address } : {}),
    ...(note ? { note } : {}),
  };
  const key =
    period && (citizenId || (!hasId && township && address))
      ? `${period}|${citizenId ?? `${township}|${address}`}`
      : null;
  return reasons.length ? { key, data: null, reasons } : { key, data, reasons };
}

const STATUS_HINTS: Record<HouseholdStatus, string> = {
  zero_employment: '系统中该户劳动年龄成员都没有签合同的输出登记或其他就业登记：如已就业，请先登记就业再导入',
  employed: '系统中该户有劳动年龄成员已就业',
  no_working_age: '系统中该户没有劳动年龄成员',
};

/**
 * 摸底走访: the round must exist and be open, the date fall within its half-year, the household
 * be found (by a member's ID number, or township + address), and the finding agree with the
 * status the registry derives today (as POST /survey-rounds/:id/visits requires). Natural key:
 * round + household; a visit already recorded with the same date and finding is unchanged.
 */
async function classifySurveyVisits(rows: SurveyVisitRow[], m: EntityManager, assess: Assess): Promise<Decision[]> {
  const rounds = new Map<string, { id: number; period: string; startsOn: string; endsOn: string; status: string }>(
    (
      await m.query(
        `SELECT id, period, "startsOn"::text AS "startsOn", "endsOn"::text AS "endsOn", status FROM survey_rounds WHERE period = ANY($1)`,
        [[...new Set(rows.map((r) => r.period))]],
      )
    ).map((r: { period: string }) => [r.period, r]),
  );
  const ids = rows.map((r) => r.citizenId).filter((x): x is string => !!x);
  const byMember = new Map<string, { householdId: number; name: string; township: string; relationship: string }>(
    (ids.length
      ? await m.query(
          `SELECT w."citizenId", w.name, hm."householdId", hm.relationship, h.township FROM workers w JOIN household_members hm ON hm."workerId" = w.id JOIN households h ON h.id = hm."householdId" WHERE w."citizenId" = ANY($1)`,
          [ids],
        )
      : []
    ).map((x: { citizenId: string; householdId: number; name: string; township: string; relationship: string }) => [
      x.citizenId,
      x,
    ]),
  );
  const registered = new Set<string>(
    ids.length
      ? (await m.query('SELECT "citizenId" FROM workers WHERE "citizenId" = ANY($1)', [ids])).map(
          (x: { citizenId: string }) => x.citizenId,
        )
      : [],
  );
  const addrRows = rows.filter((r) => !r.citizenId && r.address);
  const byAddress = new Map<string, number[]>();
  if (addrRows.length) {
    const found: { id: number; township: string; address: string }[] = await m.query(
      `SELECT id, township, regexp_replace(address, '\\s', '', 'g') AS address FROM households WHERE regexp_replace(address, '\\s', '', 'g') = ANY($1)`,
      [addrRows.map((r) => r.address)],
    );
    for (const h of found)
      byAddress.set(`${h.township}|${h.address}`, [...(byAddress.get(`${h.township}|${h.address}`) ?? []), h.id]);
  }
  const visits = new Map<string, { visitedOn: string | null; finding: HouseholdStatus | null }>(
    (
      await m.query(
        `SELECT "roundId", "householdId", "visitedOn"::text AS "visitedOn", finding FROM survey_visits WHERE "roundId" = ANY($1)`,
        [[...rounds.values()].map((r) => r.id)],
      )
    ).map((v: { roundId: number; householdId: number; visitedOn: string | null; finding: HouseholdStatus | null }) => [
      `${v.roundId}|${v.householdId}`,
      v,
    ]),
  );
  const today = shanghaiToday();
  const status = new Map<number, HouseholdStatus>();
  const seen = new Set<string>();
  const out: Decision[] = [];
  for (const r of rows) {
    const reasons: string[] = [];
    const round = rounds.get(r.period);
    if (!round) reasons.push(`系统中没有${r.period}的摸底轮次：请业务科先开启这一轮摸底`);
    else {
      if (round.status !== 'open') reasons.push(`${r.period}摸底已经结束（轮次已关闭），不能再登记走访`);
      if (r.visitedOn < round.startsOn || r.visitedOn > round.endsOn)
        reasons.push(`走访日期${r.visitedOn}不在${r.period}摸底的半年内（${round.startsOn}至${round.endsOn}）`);
    }
    let householdId: number | undefined;
    if (r.citizenId) {
      const h = byMember.get(r.citizenId);
      if (!h)
        reasons.push(
          registered.has(r.citizenId)
            ? '该身份证号的人员不是系统中任何家庭户的成员：请先登记这一户'
            : '该身份证号的人员还没有在系统登记，也没有对应的家庭户：请先登记这一户',
        );
      else {
        householdId = h.householdId;
        if (r.headName && r.headName !== h.name)
          reasons.push(`户主姓名“${r.headName}”与系统中该身份证号的姓名“${h.name}”不一致`);
        if (r.township && r.township !== h.township)
          reasons.push(`乡镇“${r.township}”与系统中这一户的乡镇“${h.township}”不一致`);
      }
    } else {
      const found = byAddress.get(`${r.township}|${r.address}`) ?? [];
      if (!found.length)
        reasons.push(`系统中${r.township}没有地址为“${r.address}”的家庭户：请核对地址，或填户主身份证号`);
      else if (found.length > 1) reasons.push(`${r.township}“${r.address}”有${found.length}户：请填户主身份证号区分`);
      else householdId = found[0];
    }
    if (round && householdId !== undefined) {
      const key = `${round.id}|${householdId}`;
      if (seen.has(key))
        reasons.push(`这一户在本文件中已经出现过（同一户的另一成员或地址）：每户在一个轮次只能登记一次走访`);
      seen.add(key);
    }
    if (reasons.length) {
      out.push({ action: 'reject', reasons, changes: [] });
      continue;
    }
    const refs = { roundId: round!.id, householdId: householdId! };
    const v = visits.get(`${round!.id}|${householdId}`);
    if (v?.visitedOn) {
      if (v.visitedOn === r.visitedOn && v.finding === r.finding)
        out.push({ action: 'unchanged', reasons: [], changes: [], refs });
      else
        out.push({
          action: 'reject',
          reasons: [
            `这一户在${r.period}摸底中已登记走访（${v.visitedOn}，${FINDING_LABELS[v.finding!]}），与本行不一致：已登记的走访不能再改`,
          ],
          changes: [],
        });
      continue;
    }
    if (!status.has(householdId!)) status.set(householdId!, (await assess(householdId!, today, m)).status);
    const actual = status.get(householdId!)!;
    if (actual !== r.finding) {
      out.push({
        action: 'reject',
        reasons: [
          `走访情况“${FINDING_LABELS[r.finding]}”与系统登记不一致（应为“${FINDING_LABELS[actual]}”）：${STATUS_HINTS[actual]}`,
        ],
        changes: [],
      });
      continue;
    }
    out.push({ action: 'create', reasons: [], changes: [], refs });
  }
  return out;
}

@Injectable()
export class SurveyVisitLedger implements RowKind<SurveyVisitRow>, OnModuleInit {
  readonly kind = 'survey_visits';
  readonly applies = 'row';
  readonly columns = COLUMNS;
  readonly keyLabel = '摸底轮次和户主身份证号（或乡镇、家庭地址）';
  readonly onceRule = '同一文件中每户在一个轮次只能登记一次走访';
  readonly templateOnceRule = '同一文件中每户在一个轮次只能出现一次';
  // Two imports of one file running at once must not both record the same visit.
  readonly lockByKey = true;

  constructor(
    private readonly householdStatus: HouseholdStatusService,
    private readonly surveyRounds: SurveyRoundsService,
    private readonly kinds: LedgerKinds,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  check(cells: RowCells): CheckedRow<SurveyVisitRow> {
    return checkSurveyVisitRow(cells);
  }

  classify(rows: SurveyVisitRow[], m: EntityManager): Promise<Decision[]> {
    return classifySurveyVisits(rows, m, (id, on, tm) => this.householdStatus.assess(id, on, tm));
  }

  async applyRow(r: LedgerImportRow, v: SurveyVisitRow, d: Decision, ctx: ApplyContext): Promise<AppliedOutcome> {
    if (d.action !== 'create') return 'unchanged';
    await this.surveyRounds.recordVisit(
      d.refs!.roundId!,
      { householdId: d.refs!.householdId!, visitedOn: v.visitedOn, finding: v.finding, note: v.note ?? '' },
      ctx.actor,
      { visitedBy: v.visitedBy, source: { importId: ctx.importId, rowNo: r.rowNo } },
    );
    return 'created';
  }
}
