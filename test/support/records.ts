/**
 * The records e2e tests set up again and again (workers, employers, training providers and
 * courses, placements, contracts), registered through the API as a caseworker would, so every
 * rule applies to them. A file binds them once to its app and caseworker:
 *
 *     rec = records(t, cw.auth, { worker: { township } });
 *     const p = await rec.placement({ startDate: addDays(today(), -13) });
 */
import { shanghaiToday } from '../../src/common/dates.js';
import type { TestApp } from './app.js';
import { employerBody, hanTag, providerBody, workerBody } from './fixtures.js';

type Auth = { Authorization: string };
type Fields = Record<string, unknown>;

/** A 1×1 PNG: the smallest scan a contract or a piece of evidence can be. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export interface Registered {
  id: number;
  name: string;
}
export type RegisteredWorker = Registered & { citizenId: string; township: string };

/** A township of this run only (admin creates it), so filters by township see nothing else. */
export async function newTownship(
  t: Pick<TestApp, 'http'>,
  admin: Auth,
  prefix = '试',
): Promise<{ id: number; name: string }> {
  return (
    await t.http
      .post('/townships')
      .set(admin)
      .send({ name: `${prefix}${hanTag(4)}镇`, yearlyTarget: 10 })
      .expect(201)
  ).body;
}

export type Records = ReturnType<typeof records>;

/** `defaults.worker` and `defaults.placement` are merged into every worker and placement this file registers. */
export function records(t: Pick<TestApp, 'http'>, auth: Auth, defaults: { worker?: Fields; placement?: Fields } = {}) {
  const created = async <T>(path: string, body: Fields): Promise<T> =>
    (await t.http.post(path).set(auth).send(body).expect(201)).body as T;

  const worker = (overrides: Fields = {}) =>
    created<RegisteredWorker>('/workers', workerBody({ ...defaults.worker, ...overrides }));
  const employer = (overrides: Fields = {}) => created<Registered>('/employers', employerBody(overrides));
  const provider = () => created<Registered>('/training-providers', providerBody());

  /** A course of `provider` (a new one by default): commissioned, 8 hours today, 600 yuan a trainee to the provider. */
  const course = async (overrides: Fields = {}) => {
    const p = overrides.providerId ? null : await provider();
    const today = shanghaiToday();
    const c = await created<Registered>('/courses', {
      providerId: p?.id,
      name: `报纸投递员${hanTag()}培训班`,
      specialty: '报纸投递',
      mode: 'commissioned',
      startDate: today,
      endDate: today,
      hours: 8,
      subsidyPerTraineeFen: 60000,
      payee: 'provider',
      ...overrides,
    });
    return { course: c, provider: p };
  };

  /** The request registering a placement (a new worker and employer unless named), to check its answer. */
  const register = async (overrides: Fields = {}) =>
    t.http
      .post('/placements')
      .set(auth)
      .send({
        workerId: overrides.workerId ?? (await worker()).id,
        employerId: overrides.employerId ?? (await employer()).id,
        startDate: shanghaiToday(),
        job: '报纸投递员',
        monthlyWageFen: 320000,
        destination: '黑龙江省哈尔滨市南岗区',
        organised: true,
        ...defaults.placement,
        ...overrides,
      });

  /** A registered placement (201 expected). */
  const placement = async (overrides: Fields = {}) => {
    const res = await register(overrides);
    if (res.status !== 201) throw new Error(`placement refused (${res.status}): ${JSON.stringify(res.body)}`);
    return res.body as { id: number; workerId: number; employerId: number; startDate: string };
  };

  /** The request recording a contract with its scan, to check its answer (default: 24 months, signed today). */
  const recordContract = (
    placementId: number,
    term: { termMonths: number } | { openEnded: true } = { termMonths: 24 },
    signedOn = shanghaiToday(),
  ) => {
    const req = t.http.post(`/placements/${placementId}/contract`).set(auth).field('signedOn', signedOn);
    if ('openEnded' in term) req.field('openEnded', 'true');
    else req.field('termMonths', String(term.termMonths));
    return req.attach('file', PNG, { filename: '劳动合同.png', contentType: 'image/png' });
  };

  /** A recorded contract (201 expected). */
  const contract = async (...args: Parameters<typeof recordContract>) => {
    const res = await recordContract(...args);
    if (res.status !== 201) throw new Error(`contract refused (${res.status}): ${JSON.stringify(res.body)}`);
    return res.body;
  };

  return { worker, employer, provider, course, register, placement, recordContract, contract };
}

/**
 * A course's 开班报告 as if reported and approved in time (the day before it started), for tests
 * of the steps after it: a course that already started cannot be reported through the API any
 * more. Reported and approved by two of the users there are, so pages name real people.
 * test/class-start-report.e2e.ts reports and approves through the API.
 */
export async function classStartApproved(
  db: { query: (sql: string, p?: unknown[]) => Promise<unknown> },
  courseId: number,
) {
  await db.query(
    `INSERT INTO class_start_reports ("courseId", plan, teachers, trainees, status, "submittedBy", "submittedAt", "leadWorkingDays", "decidedBy", "decidedAt")
     SELECT c.id, '理论教学与实操训练，结业考核', '[{"name":"李春梅","qualification":null}]'::jsonb,
            coalesce((SELECT jsonb_agg(jsonb_build_object('enrollmentId', e.id, 'workerId', e."workerId", 'name', '')) FROM enrollments e WHERE e."courseId" = c.id), '[]'::jsonb),
            'approved', (SELECT username FROM users ORDER BY id LIMIT 1), (c."startDate" - 10)::timestamp AT TIME ZONE 'Asia/Shanghai', 5,
            (SELECT username FROM users ORDER BY id OFFSET 1 LIMIT 1), (c."startDate" - 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
       FROM courses c WHERE c.id = $1
     ON CONFLICT ("courseId") DO NOTHING`,
    [courseId],
  );
}
