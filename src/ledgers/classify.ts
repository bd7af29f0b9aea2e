/**
 * What a valid ledger row would do to the registry: create, update (which fields), leave
 * unchanged, or be refused by a check only the database can make (township known, worker
 * and employer registered, course open). The preview and every import batch use this same
 * function, so a batch retried after the registry changed decides again from the facts.
 */
import type { EntityManager } from 'typeorm';
import type { EmployerRow, EnrollmentRow, WorkerRow } from './ledger-rows.js';

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

const sameList = (a: unknown, b: unknown) =>
  JSON.stringify([...((a as string[]) ?? [])].sort()) === JSON.stringify([...((b as string[]) ?? [])].sort());

export const WORKER_FIELDS: [keyof WorkerRow, string][] = [
  ['name', '姓名'],
  ['phone', '联系电话'],
  ['township', '乡镇'],
  ['categories', '人员类别'],
  ['skills', '技能'],
  ['notes', '备注'],
];

export async function classifyWorkers(rows: WorkerRow[], m: EntityManager): Promise<Decision[]> {
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

export async function classifyEmployers(rows: EmployerRow[], m: EntityManager): Promise<Decision[]> {
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

export async function workersByCitizenId(
  m: EntityManager,
  ids: string[],
): Promise<Map<string, { id: number; name: string }>> {
  const rows: { id: number; citizenId: string; name: string }[] = await m.query(
    'SELECT id, "citizenId", name FROM workers WHERE "citizenId" = ANY($1)',
    [ids],
  );
  return new Map(rows.map((w) => [w.citizenId, w]));
}

export async function classifyEnrollments(rows: EnrollmentRow[], m: EntityManager): Promise<Decision[]> {
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
