/**
 * What a valid ledger row would do to the registry: create, update (which fields), leave
 * unchanged, or be refused by a check only the database can make (township known, worker
 * and employer registered, course open). The preview and every import batch use this same
 * function, so a batch retried after the registry changed decides again from the facts.
 */
import type { EntityManager } from 'typeorm';
import { addDays, shanghaiToday } from '../common/dates.js';
import type { HouseholdStatus } from '../households/household.entity.js';
import {
  FINDING_LABELS,
  type EmployerRow,
  type EnrollmentRow,
  type LedgerData,
  type PlacementRow,
  type SurveyVisitRow,
  type WorkerRow,
} from './ledger-rows.js';
import type { LedgerKind } from './columns.js';

export interface Decision {
  action: 'create' | 'update' | 'unchanged' | 'reject';
  reasons: string[];
  /** Chinese names of the fields that differ (updates). */
  changes: string[];
  /** The existing record (update/unchanged). */
  existing?: Record<string, unknown> & { id: number };
  /** Resolved references (placements, enrollments). */
  refs?: { workerId?: number; employerId?: number; courseId?: number; roundId?: number; householdId?: number };
}

/** What only a service can tell (survey visits: a household's status derived from its members, as the API derives it). */
export interface ClassifyDeps {
  assess?: (householdId: number, on: string, m: EntityManager) => Promise<{ status: HouseholdStatus }>;
}

const sameList = (a: unknown, b: unknown) =>
  JSON.stringify([...((a as string[]) ?? [])].sort()) === JSON.stringify([...((b as string[]) ?? [])].sort());

export async function classify(
  kind: LedgerKind,
  rows: LedgerData[],
  m: EntityManager,
  deps: ClassifyDeps = {},
): Promise<Decision[]> {
  switch (kind) {
    case 'workers':
      return classifyWorkers(rows as WorkerRow[], m);
    case 'employers':
      return classifyEmployers(rows as EmployerRow[], m);
    case 'placements':
      return classifyPlacements(rows as PlacementRow[], m);
    case 'enrollments':
      return classifyEnrollments(rows as EnrollmentRow[], m);
    case 'survey_visits':
      return classifySurveyVisits(rows as SurveyVisitRow[], m, deps);
  }
}

export const WORKER_FIELDS: [keyof WorkerRow, string][] = [
  ['name', '姓名'],
  ['phone', '联系电话'],
  ['township', '乡镇'],
  ['categories', '人员类别'],
  ['skills', '技能'],
  ['notes', '备注'],
];

async function classifyWorkers(rows: WorkerRow[], m: EntityManager): Promise<Decision[]> {
  const townships = new Set<string>((await m.query('SELECT name FROM townships')).map((t: { name: string }) => t.name));
  const found: (Record<string, unknown> & { id: number; citizenId: string })[] = await m.query(
    'SELECT id, "citizenId", name, phone, township, categories, skills, notes, version FROM workers WHERE "citizenId" = ANY($1)',
    [rows.map((r) => r.citizenId)],
  );
  const byId = new Map(found.map((w) => [w.citizenId, w]));
  return rows.map((r) => {
    if (!townships.has(r.township))
      return {
        action: 'reject',
        reasons: [`乡镇“${r.township}”不在系统的乡镇列表中：请核对名称（如“城关镇”）`],
        changes: [],
      };
    const w = byId.get(r.citizenId);
    if (!w) return { action: 'create', reasons: [], changes: [] };
    const changes = WORKER_FIELDS.filter(
      ([k]) => r[k] !== undefined && (Array.isArray(r[k]) ? !sameList(r[k], w[k]) : r[k] !== w[k]),
    ).map(([, label]) => label);
    return { action: changes.length ? 'update' : 'unchanged', reasons: [], changes, existing: w };
  });
}

export const EMPLOYER_FIELDS: [keyof EmployerRow, string][] = [
  ['name', '单位名称'],
  ['region', '所在地区'],
  ['contactName', '联系人'],
  ['contactPhone', '联系电话'],
  ['agreementStart', '协议开始日期'],
  ['agreementEnd', '协议结束日期'],
];

async function classifyEmployers(rows: EmployerRow[], m: EntityManager): Promise<Decision[]> {
  const found: (Record<string, unknown> & { id: number; creditCode: string })[] = await m.query(
    `SELECT id, "creditCode", name, region, "contactName", "contactPhone", to_char("agreementStart", 'YYYY-MM-DD') AS "agreementStart", to_char("agreementEnd", 'YYYY-MM-DD') AS "agreementEnd", version FROM employers WHERE "creditCode" = ANY($1)`,
    [rows.map((r) => r.creditCode)],
  );
  const byCode = new Map(found.map((e) => [e.creditCode, e]));
  return rows.map((r) => {
    const e = byCode.get(r.creditCode);
    if (!e) return { action: 'create', reasons: [], changes: [] };
    const changes = EMPLOYER_FIELDS.filter(([k]) => r[k] !== undefined && (r[k] ?? null) !== (e[k] ?? null)).map(
      ([, label]) => label,
    );
    // The service's rule: the agreement may not end before it starts (with the stored other end).
    const start = r.agreementStart !== undefined ? r.agreementStart : (e.agreementStart as string | null);
    const end = r.agreementEnd !== undefined ? r.agreementEnd : (e.agreementEnd as string | null);
    if (start && end && end < start)
      return { action: 'reject', reasons: ['协议结束日期早于协议开始日期'], changes: [] };
    return { action: changes.length ? 'update' : 'unchanged', reasons: [], changes, existing: e };
  });
}

export const PLACEMENT_FIELDS: [keyof PlacementRow, string][] = [
  ['job', '工种'],
  ['monthlyWageFen', '月工资'],
  ['destination', '务工地点'],
  ['organised', '有组织输出'],
];

async function workersByCitizenId(m: EntityManager, ids: string[]): Promise<Map<string, { id: number; name: string }>> {
  const rows: { id: number; citizenId: string; name: string }[] = await m.query(
    'SELECT id, "citizenId", name FROM workers WHERE "citizenId" = ANY($1)',
    [ids],
  );
  return new Map(rows.map((w) => [w.citizenId, w]));
}

async function classifyPlacements(rows: PlacementRow[], m: EntityManager): Promise<Decision[]> {
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

async function classifyEnrollments(rows: EnrollmentRow[], m: EntityManager): Promise<Decision[]> {
  const workers = await workersByCitizenId(
    m,
    rows.map((r) => r.citizenId),
  );
  const courses = new Map<number, { id: number; name: string; completedAt: Date | null }>(
    (
      await m.query('SELECT id, name, "completedAt" FROM courses WHERE id = ANY($1)', [rows.map((r) => r.courseId)])
    ).map((c: { id: number; name: string; completedAt: Date | null }) => [c.id, c]),
  );
  const wIds = [...workers.values()].map((w) => w.id);
  const existing: { id: number; workerId: number; courseId: number }[] = wIds.length
    ? await m.query('SELECT id, "workerId", "courseId" FROM enrollments WHERE "workerId" = ANY($1)', [wIds])
    : [];
  const byKey = new Map(existing.map((e) => [`${e.workerId}|${e.courseId}`, e]));
  return rows.map((r) => {
    const reasons: string[] = [];
    const w = workers.get(r.citizenId);
    const c = courses.get(r.courseId);
    if (!w) reasons.push('该身份证号的人员还没有在系统登记：请先导入务工人员台账或逐个登记');
    else if (r.name && r.name !== w.name) reasons.push(`姓名“${r.name}”与系统中该身份证号的姓名“${w.name}”不一致`);
    if (!c) reasons.push(`培训班编号 ${r.courseId} 在系统中不存在`);
    else if (r.courseName && r.courseName !== c.name)
      reasons.push(`培训班名称“${r.courseName}”与编号 ${r.courseId} 的培训班“${c.name}”不一致`);
    if (reasons.length) return { action: 'reject', reasons, changes: [] };
    const e = byKey.get(`${w!.id}|${c!.id}`);
    const refs = { workerId: w!.id, courseId: c!.id };
    if (e) return { action: 'unchanged', reasons: [], changes: [], existing: e, refs };
    if (c!.completedAt) return { action: 'reject', reasons: ['该培训班已经结业，不能再报名'], changes: [] };
    return { action: 'create', reasons: [], changes: [], refs };
  });
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
async function classifySurveyVisits(rows: SurveyVisitRow[], m: EntityManager, deps: ClassifyDeps): Promise<Decision[]> {
  if (!deps.assess) throw new Error('survey visits are classified with the households service');
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
    if (!status.has(householdId!)) status.set(householdId!, (await deps.assess(householdId!, today, m)).status);
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
