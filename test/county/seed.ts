/**
 * A county as a bureau would hold it after three years, written straight into Postgres (the
 * owner's connection, so row-level security does not apply; every column, check, unique key and
 * trigger of the real schema does). Rows of the big tables are made in batches in this process
 * (ID numbers and credit codes with the check characters of src/identity) and inserted with one
 * `INSERT … SELECT FROM unnest(…)` per batch; rows that follow from others (contracts, payouts,
 * referrals, documents, audit lines, process starts) are derived by `INSERT … SELECT` in SQL.
 *
 * Idempotent: the i-th row of each table is a function of i, so a second run counts what is
 * there and tops up (nothing, when the first run finished); derived rows are written where they
 * are missing. Each batch commits on its own, so an interrupted run resumes.
 *
 * Processes that would long be finished are written as finished rows. Only the current ones get
 * a running workflow, and through the app's own path: a start row in the process outbox, which
 * the relay of the running API or worker delivers (the placements of the last fortnight still
 * waiting for their contract, and the cases opened in the last days, still at intake).
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from '../../src/auth/passwords.js';
import { citizenIdCheckDigit } from '../../src/identity/citizen-id.js';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../../src/identity/credit-code.js';
import { caseWorkflowId, contractWorkflowId } from '../../workflows/definitions.js';

export const COUNTY_NAME = '北山县劳动就业服务局';
export const COUNTY_PREFIX = '北劳输';
export const STATION_NAME = '东山镇劳动保障所';
/** The township the station holds: its staff see its people only. */
export const STATION_TOWNSHIP = '东山镇';
export const TOWNSHIPS = [
  '城关镇',
  '东山镇',
  '西河镇',
  '南岭镇',
  '北塘镇',
  '青石镇',
  '柳河乡',
  '杨树乡',
  '红星乡',
  '太和乡',
  '双岔乡',
  '白鹿乡',
];
/** Marks the audit lines this seed wrote (the request id of a real line is a request's). */
export const SEED_REQUEST_ID = 'seed:county';
const REGION = '231123';
const YEARS_DAYS = 1095;
/** Placements still waiting for their contract get a running deadline process; older ones are finished. */
const CURRENT_DAYS = 14;
/** Cases opened this recently are at intake with a running escalation process. */
const CURRENT_CASE_DAYS = 5;

export interface CountyTargets {
  workers: number;
  employers: number;
  brokers: number;
  providers: number;
  courses: number;
  enrollments: number;
  placements: number;
  cases: number;
  households: number;
  auditLines: number;
}

/** The county at scale 1; a smaller scale for a quick run or a test. */
export function countyTargets(scale: number): CountyTargets {
  const n = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  return {
    workers: n(250_000, 240),
    employers: n(2_000, 12),
    brokers: n(400, 6),
    providers: n(20, 2),
    courses: n(300, 4),
    enrollments: n(20_000, 40),
    placements: n(300_000, 300),
    cases: n(20_000, 24),
    households: n(5_000, 12),
    auditLines: n(3_000_000, 3000),
  };
}

export interface SeedOptions {
  scale: number;
  /** The task queue the process starts name (the app's TEMPORAL_TASK_QUEUE). */
  taskQueue: string;
  /** Shanghai calendar date the three years end on (default today). */
  today?: string;
  /** Told of each step's progress: table, done, total. */
  progress?: (step: string, done: number, total: number) => void;
  /** Rows per batch. */
  batch?: number;
}

export interface SeedResult {
  countyId: number;
  stationId: number;
  /** Rows of the county per table after the run. */
  counts: Record<string, number>;
  /** Rows this run wrote per table (all zero on a second run). */
  written: Record<string, number>;
  seconds: number;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国志永海燕淑珍春梅德胜庆凤文宏立新福贵宝山林成才利民荣';
const DESTINATIONS = [
  '辽宁省大连市甘井子区',
  '江苏省苏州市工业园区',
  '广东省深圳市宝安区',
  '浙江省宁波市北仑区',
  '天津市滨海新区',
  '北京市大兴区',
  '山东省青岛市黄岛区',
  '黑龙江省哈尔滨市香坊区',
];
const INDUSTRIES = [
  '物流',
  '电子',
  '建筑工程',
  '食品加工',
  '服装',
  '机械制造',
  '家政服务',
  '物业管理',
  '汽车配件',
  '报业发行',
];
const JOBS = [
  '报纸投递员',
  '仓库管理员',
  '叉车司机',
  '电焊工',
  '装配工',
  '保洁员',
  '保安员',
  '厨师',
  '家政服务员',
  '瓦工',
];
const SPECIALTIES = [
  '电焊',
  '家政服务',
  '报纸投递',
  '厨师',
  '叉车驾驶',
  '电工',
  '育婴',
  '缝纫',
  '汽车维修',
  '计算机操作',
];
const CASE_KINDS = ['wage_arrears', 'wage_arrears', 'wage_arrears', 'no_contract', 'injury', 'treatment', 'other'];
const CASE_FACTS: Record<string, string> = {
  wage_arrears: '工资拖欠',
  no_contract: '未签订书面劳动合同',
  injury: '工伤待遇未落实',
  treatment: '社会保险未缴纳',
  other: '其他劳动争议',
};
const OUTCOMES = [
  'resolved',
  'resolved',
  'resolved',
  'resolved',
  'resolved',
  'resolved',
  'resolved',
  'withdrawn',
  'referred',
  'rejected',
];
const STAFF = [
  '王建国',
  '李秀英',
  '张志强',
  '刘淑珍',
  '陈立新',
  '杨桂兰',
  '赵永胜',
  '孙春梅',
  '周德福',
  '吴海燕',
  '郑宏伟',
  '冯玉萍',
  '何文明',
  '高丽华',
  '罗成才',
  '梁红霞',
];
const FINANCE = ['马会计', '朱出纳', '胡科长'];

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => isoDay(dayOf(iso) + n * DAY);
/** An instant on a Shanghai calendar day, at hh:mm local. */
const at = (iso: string, minuteOfDay: number) =>
  new Date(dayOf(iso) - 8 * 3_600_000 + minuteOfDay * 60_000).toISOString();
/** A stable spread of i over [0, m). */
const mix = (i: number, m: number) => Number((BigInt(i) * 2_654_435_761n + 97n) % BigInt(m));

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function creditCode(orgType: string, i: number): string {
  let x = i;
  let org = '';
  for (let k = 0; k < 9; k++) {
    org += CREDIT_CODE_ALPHABET[(x + k * 7) % 31];
    x = Math.floor(x / 31);
  }
  const first17 = `${orgType}${REGION}${org}`;
  return first17 + creditCodeCheckChar(first17);
}

/** The i-th worker's categories, as the seeds describe the county's people. */
export function workerCategories(i: number, birth: string, today: string): string[] {
  const age = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  const r = mix(i, 100);
  const c: string[] = [];
  if (r < 35) c.push('laid_off');
  else if (r < 88) c.push('rural_surplus');
  else if (r < 96) c.push('graduate');
  else c.push('veteran');
  if (age >= 40 && age <= 50 && r < 35) c.push('age_40_50');
  return c;
}

interface WorkerRow {
  name: string;
  citizenId: string;
  birth: string;
  sex: 'male' | 'female';
  phone: string;
  township: string;
  categories: string[];
}

/** The i-th worker: born 1966 + (i mod 14000) days, sequence from i div 14000 (so every ID number is unique). */
export function workerRow(i: number, today: string): WorkerRow {
  const birth = addDays('1966-01-01', i % 14_000);
  const seq = Math.floor(i / 14_000) * 2 + (i % 2);
  const first17 = `${REGION}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const given =
    mix(i, 3) === 0
      ? GIVEN[mix(i + 7, GIVEN.length)]
      : GIVEN[mix(i + 7, GIVEN.length)] + GIVEN[mix(i * 31 + 11, GIVEN.length)];
  return {
    name: SURNAMES[mix(i * 7 + 3, SURNAMES.length)] + given,
    citizenId: first17 + citizenIdCheckDigit(first17),
    birth,
    sex: seq % 2 === 1 ? 'male' : 'female',
    phone: ['13', '15', '18', '17', '19'][i % 5] + String((i * 7919 + 12345) % 1_000_000_000).padStart(9, '0'),
    township: TOWNSHIPS[i % TOWNSHIPS.length],
    categories: workerCategories(i, birth, today),
  };
}

/** A placement's fate, from its index: what a bureau's three-year ledger shows. */
interface PlacementPlan {
  worker: number;
  start: string;
  status: 'awaiting_contract' | 'contract_signed' | 'overdue' | 'ended';
  signedAfterDays: number | null;
  endDate: string | null;
  broker: boolean;
  employer: number;
}

export function placementPlan(k: number, t: CountyTargets, today: string): PlacementPlan {
  const t0 = addDays(today, -YEARS_DAYS);
  const placed = Math.floor(t.workers * 0.85);
  const worker = k % placed;
  const start = addDays(t0, Math.floor((k / t.placements) * YEARS_DAYS));
  const age = (dayOf(today) - dayOf(start)) / DAY;
  const current = age < CURRENT_DAYS;
  // Late signing is common (the seeds' 签订率 is low): about half sign after the reminder.
  const r = mix(k, 100);
  let signedAfterDays: number | null = r < 45 ? r % 12 : r < 97 ? 12 + (r % 4) : null;
  if (signedAfterDays !== null && signedAfterDays > age) signedAfterDays = null;
  const hasLater = k + placed < t.placements;
  let endDate: string | null = null;
  if (hasLater) endDate = addDays(start, 100 + mix(k, 600));
  else if (!current && mix(k + 1, 10) < 5 && age > 200) endDate = addDays(start, 100 + mix(k, Math.floor(age) - 100));
  let status: PlacementPlan['status'];
  if (endDate && endDate < today) status = 'ended';
  else if (signedAfterDays !== null) status = 'contract_signed';
  else if (current) status = 'awaiting_contract';
  else status = 'overdue';
  if (status !== 'ended') endDate = null;
  // Current ones come without a broker: their referral process would have to run too.
  const broker = !current && mix(k + 3, 10) < 4;
  return { worker, start, status, signedAfterDays, endDate, broker, employer: mix(k, t.employers) };
}

type Q = (sql: string, params?: unknown[]) => Promise<any[]>;

export async function seedCounty(pool: pg.Pool, opts: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const today = opts.today ?? shanghaiToday();
  const t0 = addDays(today, -YEARS_DAYS);
  const t = countyTargets(opts.scale);
  const batch = opts.batch ?? 10_000;
  const progress = opts.progress ?? (() => undefined);
  const written: Record<string, number> = {};
  const q: Q = async (sql, params) => (await pool.query(sql, params as unknown[])).rows;
  const tx = async <T>(fn: (q: Q) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(async (sql, params) => (await c.query(sql, params as unknown[])).rows);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };
  const add = (table: string, n: number) => (written[table] = (written[table] ?? 0) + n);

  // ---------------------------------------------------------------- the county, its townships, its staff
  const [city] = await q(`SELECT min(id) AS id FROM offices WHERE kind = 'city'`);
  await q(
    `INSERT INTO offices ("parentId", kind, name, "documentPrefix", phone, "sealText", address)
     VALUES ($1, 'county', $2::varchar, $3, '0458-6612345', $2::varchar, '北山县人民路18号')
     ON CONFLICT DO NOTHING`,
    [city.id, COUNTY_NAME, COUNTY_PREFIX],
  );
  const [{ id: county }] = await q(`SELECT id FROM offices WHERE kind = 'county' AND name = $1`, [COUNTY_NAME]);
  await q(
    `INSERT INTO offices ("parentId", kind, name, phone, address) VALUES ($1, 'station', $2, '0458-6623456', '北山县东山镇政府院内')
     ON CONFLICT DO NOTHING`,
    [county, STATION_NAME],
  );
  const [{ id: station }] = await q(`SELECT id FROM offices WHERE "parentId" = $1 AND name = $2`, [
    county,
    STATION_NAME,
  ]);
  await q(
    `INSERT INTO townships (name, "yearlyTarget", "countyId", "stationId")
     SELECT n, 8000 + 500 * (o % 4), $1::int, CASE WHEN n = $3 THEN $2::int END
       FROM unnest($4::varchar[]) WITH ORDINALITY AS x(n, o)
     ON CONFLICT ("countyId", name) DO NOTHING`,
    [county, station, STATION_TOWNSHIP, TOWNSHIPS],
  );
  const staffHash = await hashPassword(randomBytes(18).toString('base64url'));
  const staff = [
    ...STAFF.map((name, i) => ({
      username: `beishan-cw${String(i + 1).padStart(2, '0')}`,
      name,
      role: 'caseworker',
      office: i < 2 ? station : county,
    })),
    ...FINANCE.map((name, i) => ({ username: `beishan-fin${i + 1}`, name, role: 'finance', office: county })),
    { username: 'beishan-admin', name: '韩主任', role: 'admin', office: county },
  ];
  await q(
    `INSERT INTO users (username, "displayName", role, "passwordHash", version, "officeId")
     SELECT u, d, r, $5, 1, o FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::int[]) AS x(u, d, r, o)
     ON CONFLICT (username) DO NOTHING`,
    [
      staff.map((s) => s.username),
      staff.map((s) => s.name),
      staff.map((s) => s.role),
      staff.map((s) => s.office),
      staffHash,
    ],
  );
  const users: { id: number; username: string; displayName: string; role: string }[] = await q(
    `SELECT id, username, "displayName", role FROM users WHERE username LIKE 'beishan-%' ORDER BY username`,
  );
  const cws = users.filter((u) => u.role === 'caseworker');
  const fins = users.filter((u) => u.role === 'finance');
  const cwOf = (i: number) => cws[i % cws.length];

  /** Rows of the county in a table, and a loop that writes the missing ones in batches. */
  const count = async (table: string) =>
    Number((await q(`SELECT count(*)::int AS n FROM ${table} WHERE "countyId" = $1`, [county]))[0].n);
  const fill = async (table: string, total: number, write: (from: number, to: number, q: Q) => Promise<void>) => {
    const before = await count(table);
    let have = before;
    progress(table, have, total);
    while (have < total) {
      const to = Math.min(total, have + batch);
      await tx((tq) => write(have, to, tq));
      have = to;
      progress(table, have, total);
    }
    add(table, (await count(table)) - before);
  };
  const ids = async (table: string): Promise<number[]> =>
    (await q(`SELECT array_agg(id ORDER BY id) AS ids FROM ${table} WHERE "countyId" = $1`, [county]))[0].ids ?? [];
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

  // ---------------------------------------------------------------- workers
  const placed = Math.floor(t.workers * 0.85);
  const workerCreated = (i: number): string => {
    // Registered shortly before the first placement; the unplaced ones at any time.
    if (i < placed) return at(addDays(t0, Math.floor((i / t.placements) * YEARS_DAYS) - 3), 480 + mix(i, 540));
    return at(addDays(t0, Math.floor(((i - placed) / (t.workers - placed)) * YEARS_DAYS)), 480 + mix(i, 540));
  };
  await fill('workers', t.workers, async (from, to, tq) => {
    const rows = range(from, to).map((i) => workerRow(i, today));
    await tq(
      `INSERT INTO workers (name, "citizenId", "birthDate", sex, phone, township, categories, version, "countyId", "officeId", "createdAt", "updatedAt")
       SELECT n, c, b::date, s, p, tw, string_to_array(cat, ','), 1, $9::int,
              CASE WHEN tw = $11 THEN $10::int ELSE $9::int END, ca::timestamptz, ca::timestamptz
         FROM unnest($1::varchar[], $2::char(18)[], $3::text[], $4::varchar[], $5::char(11)[], $6::varchar[], $7::text[], $8::text[])
           AS x(n, c, b, s, p, tw, cat, ca)`,
      [
        rows.map((r) => r.name),
        rows.map((r) => r.citizenId),
        rows.map((r) => r.birth),
        rows.map((r) => r.sex),
        rows.map((r) => r.phone),
        rows.map((r) => r.township),
        rows.map((r) => r.categories.join(',')),
        range(from, to).map(workerCreated),
        county,
        station,
        STATION_TOWNSHIP,
      ],
    );
  });
  const workerIds = await ids('workers');

  // ---------------------------------------------------------------- employers, brokers, providers, courses
  await fill('employers', t.employers, async (from, to, tq) => {
    const r = range(from, to);
    await tq(
      `INSERT INTO employers (name, "creditCode", region, "contactName", "contactPhone", "agreementStart", "agreementEnd", version, "countyId", "createdAt")
       SELECT n, c, rg, cn, cp, s::date, e::date, 1, $8::int, s::date
         FROM unnest($1::varchar[], $2::char(18)[], $3::varchar[], $4::varchar[], $5::varchar[], $6::text[], $7::text[]) AS x(n, c, rg, cn, cp, s, e)`,
      [
        r.map((i) => {
          const d = DESTINATIONS[i % DESTINATIONS.length];
          return `${d.slice(3, 5)}${'华兴盛达恒通鑫源宏远'.slice(mix(i, 9), mix(i, 9) + 2)}${INDUSTRIES[mix(i, INDUSTRIES.length)]}有限公司第${i + 1}分公司`;
        }),
        r.map((i) => creditCode('91', i)),
        r.map((i) => DESTINATIONS[i % DESTINATIONS.length]),
        r.map((i) => `${SURNAMES[mix(i, SURNAMES.length)]}经理`),
        r.map((i) => `0411-8${String(6_000_000 + i).slice(-7)}`),
        r.map((i) => addDays(t0, -30 - mix(i, 300))),
        r.map((i) => addDays(today, 365 + mix(i, 700))),
        county,
      ],
    );
  });
  const employerIds = await ids('employers');

  await fill('brokers', t.brokers, async (from, to, tq) => {
    const r = range(from, to);
    const people = r.map((i) => {
      const birth = addDays('1970-03-01', i);
      const first17 = `${REGION}${birth.replace(/-/g, '')}9${String(i % 100).padStart(2, '0')}`;
      return { birth, id: first17 + citizenIdCheckDigit(first17) };
    });
    await tq(
      `INSERT INTO brokers (name, "citizenId", phone, "certificateNo", status, version, "countyId", "createdAt")
       SELECT n, c, p, cert, st, 1, $6::int, $7::timestamptz FROM unnest($1::varchar[], $2::char(18)[], $3::char(11)[], $4::varchar[], $5::varchar[]) AS x(n, c, p, cert, st)`,
      [
        r.map(
          (i) => SURNAMES[mix(i * 13, SURNAMES.length)] + GIVEN[mix(i, GIVEN.length)] + GIVEN[mix(i + 5, GIVEN.length)],
        ),
        people.map((p) => p.id),
        r.map((i) => `139${String(40_000_000 + i).padStart(8, '0')}`),
        r.map((i) => `北劳经字第${String(i + 1).padStart(5, '0')}号`),
        r.map((i) => (mix(i, 20) === 0 ? 'suspended' : 'active')),
        county,
        at(t0, 540),
      ],
    );
  });
  const brokerIds = await ids('brokers');

  await fill('training_providers', t.providers, async (from, to, tq) => {
    const r = range(from, to);
    await tq(
      `INSERT INTO training_providers (name, "creditCode", "contactName", "contactPhone", version, "countyId")
       SELECT n, c, cn, cp, 1, $5::int FROM unnest($1::varchar[], $2::char(18)[], $3::varchar[], $4::varchar[]) AS x(n, c, cn, cp)`,
      [
        r.map((i) => `北山县第${i + 1}职业技能培训学校`),
        r.map((i) => creditCode('52', 500_000 + i)),
        r.map((i) => `${SURNAMES[mix(i + 40, SURNAMES.length)]}校长`),
        r.map((i) => `0458-66${String(10_000 + i).slice(-5)}`),
        county,
      ],
    );
  });
  const providerIds = await ids('training_providers');

  const courseStart = (c: number) => addDays(t0, Math.floor((c / t.courses) * (YEARS_DAYS - 30)));
  const courseDays = (c: number) => 7 + (c % 4) * 7;
  await fill('courses', t.courses, async (from, to, tq) => {
    const r = range(from, to);
    const modes = r.map((c) => (['order', 'directed', 'commissioned'] as const)[c % 3]);
    await tq(
      `INSERT INTO courses ("providerId", name, specialty, mode, "startDate", "endDate", hours, "subsidyPerTraineeFen", payee, "orderingEmployerId", version, "completedAt", "countyId", "createdAt")
       SELECT pr, n, sp, md, s::date, e::date, h, f, 'provider', oe, 1,
              CASE WHEN e::date < $11::date THEN (e::date + 1)::timestamptz END, $10::int, (s::date - 20)::timestamptz
         FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[])
           AS x(pr, n, sp, md, s, e, h, f, oe)`,
      [
        r.map((c) => providerIds[c % providerIds.length]),
        r.map(
          (c) =>
            `${SPECIALTIES[c % SPECIALTIES.length]}${['定单', '定向', '委托'][c % 3]}培训班（第${Math.floor(c / SPECIALTIES.length) + 1}期）`,
        ),
        r.map((c) => SPECIALTIES[c % SPECIALTIES.length]),
        modes,
        r.map(courseStart),
        r.map((c) => addDays(courseStart(c), courseDays(c) - 1)),
        r.map((c) => courseDays(c) * 8),
        r.map((c) => 60_000 + (c % 5) * 20_000),
        r.map((c, k) => (modes[k] === 'commissioned' ? null : employerIds[mix(c, employerIds.length)])),
        county,
        today,
      ],
    );
  });
  const courseIds = await ids('courses');

  // ---------------------------------------------------------------- placements
  const placementStatusAt = (k: number) => placementPlan(k, t, today);
  await fill('placements', t.placements, async (from, to, tq) => {
    const plans = range(from, to).map((k) => ({ k, ...placementStatusAt(k) }));
    await tq(
      `INSERT INTO placements ("workerId", "employerId", "brokerId", "startDate", job, "monthlyWageFen", destination, organised, status, deadline, policy,
                               "endDate", "endReason", "registeredBy", "registeredAt", "updatedAt", version, "workerCategories", "countyId")
       SELECT w.id, e, b, s::date, j, wage, e2.region, org, st, s::date + 15,
              jsonb_build_object('asOf', to_char(s::date + 1, 'YYYY-MM-DD'), 'contract.deadline_days', 15, 'contract.reminder_days_before', 3, 'contract.rectify_days', 10)
                || CASE WHEN b IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('referral.amount_fen', 8000, 'referral.min_contract_months', 12,
                                                                             'referral.repeat_window_months', 12, 'referral.retention_days', 0) END,
              ed::date, CASE WHEN ed IS NOT NULL THEN (ARRAY['合同期满','本人辞职','单位裁员','返乡务农'])[1 + w.id % 4] END,
              reg, (s::date + 1)::timestamptz + make_interval(mins => 480 + w.id % 500), (s::date + 1)::timestamptz + make_interval(mins => 480 + w.id % 500),
              1, w.categories, $12::int
         FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::varchar[], $6::int[], $7::boolean[], $8::varchar[], $9::text[], $10::varchar[], $11::int[])
           AS x(wi, e, b, s, j, wage, org, st, ed, reg, ord)
         JOIN workers w ON w.id = wi
         JOIN employers e2 ON e2.id = e
        ORDER BY ord`,
      [
        plans.map((p) => workerIds[p.worker]),
        plans.map((p) => employerIds[p.employer]),
        plans.map((p) => (p.broker ? brokerIds[mix(p.k, brokerIds.length)] : null)),
        plans.map((p) => p.start),
        plans.map((p) => JOBS[p.k % JOBS.length]),
        plans.map((p) => 280_000 + mix(p.k, 32) * 10_000),
        plans.map((p) => p.k % 3 === 0),
        plans.map((p) => p.status),
        plans.map((p) => p.endDate),
        plans.map((p) => cwOf(p.worker).username),
        plans.map((p) => p.k),
        county,
      ],
    );
  });
  const placementIds = await ids('placements');

  // Contracts of the signed and ended placements: signed N days after the start (placeholder files).
  const contractsBefore = Number(
    (
      await q(
        `SELECT count(*)::int AS n FROM contracts c JOIN placements p ON p.id = c."placementId" WHERE p."countyId" = $1`,
        [county],
      )
    )[0].n,
  );
  for (let k = 0; k < placementIds.length; k += batch * 5) {
    const slice = placementIds.slice(k, k + batch * 5);
    const signed = slice
      .map((id, j) => ({ id, plan: placementStatusAt(k + j) }))
      .filter((x) => x.plan.signedAfterDays !== null);
    await q(
      `INSERT INTO contracts ("placementId", "signedOn", "termMonths", "openEnded", "fileName", "fileMime", "fileSize", "fileSha256", file, "recordedBy", "recordedAt")
       SELECT p.id, p."startDate" + x.d, CASE WHEN p.id % 10 = 0 THEN NULL ELSE (ARRAY[6, 12, 12, 24, 36])[1 + p.id % 5] END, p.id % 10 = 0,
              '劳动合同' || p.id || '.pdf', 'application/pdf', octet_length(f.b), encode(sha256(f.b), 'hex'), f.b, p."registeredBy",
              (p."startDate" + x.d)::timestamptz + interval '10 hours'
         FROM unnest($1::int[], $2::int[]) AS x(pid, d)
         JOIN placements p ON p.id = x.pid
         CROSS JOIN LATERAL (SELECT convert_to('%PDF-1.4 劳动合同（样本数据）第' || p.id || '号 %%EOF', 'UTF8') AS b) f
        WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c."placementId" = p.id)`,
      [signed.map((x) => x.id), signed.map((x) => x.plan.signedAfterDays)],
    );
    progress('contracts', Math.min(k + batch * 5, placementIds.length), placementIds.length);
  }
  const contractsAfter = Number(
    (
      await q(
        `SELECT count(*)::int AS n FROM contracts c JOIN placements p ON p.id = c."placementId" WHERE p."countyId" = $1`,
        [county],
      )
    )[0].n,
  );
  add('contracts', contractsAfter - contractsBefore);

  // Referrals of the brokered placements: the 80-yuan rule applied (laid-off, a term of a year or more, broker active).
  const referralsBefore = await count('referrals');
  await q(
    `INSERT INTO referrals ("placementId", "brokerId", "workerId", stage, reasons, "assessedAt", "referredAt", "updatedAt", "countyId")
     SELECT p.id, p."brokerId", p."workerId", r.stage, r.reasons, CASE WHEN c.id IS NOT NULL THEN c."recordedAt" END, p."registeredAt",
            coalesce(c."recordedAt", p."registeredAt"), p."countyId"
       FROM placements p
       JOIN brokers b ON b.id = p."brokerId"
       LEFT JOIN contracts c ON c."placementId" = p.id
       CROSS JOIN LATERAL (SELECT CASE
            WHEN c.id IS NULL THEN 'ended'
            WHEN NOT ('laid_off' = ANY (p."workerCategories")) THEN 'ineligible'
            WHEN NOT c."openEnded" AND c."termMonths" < 12 THEN 'ineligible'
            WHEN b.status = 'suspended' THEN 'ineligible'
            ELSE 'claimed' END AS stage) s
       CROSS JOIN LATERAL (SELECT s.stage, CASE s.stage
            WHEN 'ineligible' THEN jsonb_build_array(CASE WHEN NOT ('laid_off' = ANY (p."workerCategories")) THEN '被介绍人员不属于下岗失业人员'
                                                          WHEN b.status = 'suspended' THEN '职业介绍人已暂停' ELSE '劳动合同期限不足12个月' END)
            WHEN 'ended' THEN jsonb_build_array('未签订劳动合同')
            ELSE '[]'::jsonb END AS reasons) r
      WHERE p."countyId" = $1 AND NOT EXISTS (SELECT 1 FROM referrals x WHERE x."placementId" = p.id)`,
    [county],
  );
  add('referrals', (await count('referrals')) - referralsBefore);
  progress('referrals', 1, 1);

  // ---------------------------------------------------------------- enrollments: each trainee placed after the course
  const enrollmentPlan = (j: number) => {
    const c = j % t.courses;
    const end = addDays(courseStart(c), courseDays(c) - 1);
    // The placement that counts: one starting a few weeks after the course ends.
    const k = Math.min(
      t.placements - 1,
      Math.floor(((dayOf(end) - dayOf(t0)) / DAY / YEARS_DAYS) * t.placements) + 30 + Math.floor(j / t.courses) * 3,
    );
    const ended = end < today;
    const r = mix(j, 100);
    const completed = ended && r < 92;
    const eligible = completed && r < 85 && placementStatusAt(k).signedAfterDays !== null;
    return { c, k, end, ended, completed, eligible };
  };
  await fill('enrollments', t.enrollments, async (from, to, tq) => {
    const plans = range(from, to).map((j) => ({ j, ...enrollmentPlan(j) }));
    await tq(
      `INSERT INTO enrollments ("courseId", "workerId", "enrolledOn", status, version, "subsidyFen", "sessionsAttended", "sessionsTotal", assessment,
                                "certificateNo", completion, "subsidyStatus", "subsidyReason", "countyId", "createdAt")
       SELECT c.id, p."workerId", c."startDate" - 3, x.st, 1, c."subsidyPerTraineeFen",
              CASE WHEN x.ended THEN CASE WHEN x.done THEN c.hours / 4 ELSE c.hours / 8 END END, CASE WHEN x.ended THEN c.hours / 4 END,
              CASE WHEN x.ended THEN CASE WHEN x.done THEN 'pass' ELSE 'fail' END END,
              CASE WHEN x.done THEN '北培证' || x.j END, CASE WHEN x.ended THEN x.st END, x.sub,
              CASE x.sub WHEN 'not_eligible' THEN '出勤或考核未达要求' WHEN 'lapsed' THEN '结业后6个月内未签订劳动合同' END,
              p."countyId", (c."startDate" - 3)::timestamptz
         FROM unnest($1::int[], $2::int[], $3::int[], $4::boolean[], $5::boolean[], $6::varchar[], $7::varchar[]) AS x(j, cid, pid, ended, done, st, sub)
         JOIN courses c ON c.id = x.cid
         JOIN placements p ON p.id = x.pid
       ON CONFLICT ("courseId", "workerId") DO NOTHING`,
      [
        plans.map((p) => p.j),
        plans.map((p) => courseIds[p.c]),
        plans.map((p) => placementIds[p.k]),
        plans.map((p) => p.ended),
        plans.map((p) => p.completed),
        plans.map((p) => (p.ended ? (p.completed ? 'completed' : 'not_completed') : 'enrolled')),
        plans.map((p) =>
          !p.ended ? 'waiting_completion' : !p.completed ? 'not_eligible' : p.eligible ? 'claimed' : 'lapsed',
        ),
      ],
    );
  });

  // ---------------------------------------------------------------- claims and payouts (finished: paid or rejected)
  const claimsBefore = await count('claims');
  const claimCounter = async (tq: Q, year: number, n: number) =>
    Number(
      (
        await tq(
          `INSERT INTO number_counters ("countyId", series, year, last) VALUES ($1, 'claim', $2, $3)
           ON CONFLICT ("countyId", series, year) DO UPDATE SET last = number_counters.last + $3 RETURNING last`,
          [county, year, n],
        )
      )[0].last,
    ) - n;
  const claimSources = [
    // training: the completed trainees whose placement counted
    `SELECT 'training' AS kind, 'enrollment-' || e.id || '-training' AS key, e."subsidyFen" AS amount, 'provider' AS "payeeType", pr.id AS "payeeId",
            pr.name AS "payeeName", e."workerId", w.township, co.id AS "courseId", e.id AS "enrollmentId", p.id AS "placementId", NULL::int AS "brokerId",
            greatest(co."endDate" + 20, (SELECT c."signedOn" FROM contracts c WHERE c."placementId" = p.id) + 5) AS prepared
       FROM enrollments e JOIN courses co ON co.id = e."courseId" JOIN training_providers pr ON pr.id = co."providerId"
       JOIN workers w ON w.id = e."workerId"
       JOIN LATERAL (SELECT p.id FROM placements p JOIN contracts c ON c."placementId" = p.id WHERE p."workerId" = e."workerId" AND p."startDate" >= co."endDate" ORDER BY p."startDate" LIMIT 1) p ON true
      WHERE e."countyId" = $1 AND e."subsidyStatus" = 'claimed'`,
    // referral: the eligible referrals
    `SELECT 'referral', 'placement-' || p.id || '-referral', 8000, 'broker', b.id, b.name, p."workerId", w.township, NULL::int, NULL::int, p.id, b.id,
            (SELECT c."signedOn" FROM contracts c WHERE c."placementId" = p.id) + 3
       FROM referrals r JOIN placements p ON p.id = r."placementId" JOIN brokers b ON b.id = r."brokerId" JOIN workers w ON w.id = p."workerId"
      WHERE r."countyId" = $1 AND r.stage = 'claimed'`,
  ];
  for (const source of claimSources) {
    const rows: any[] = await q(
      `SELECT * FROM (${source}) AS s(kind, key, amount, "payeeType", "payeeId", "payeeName", "workerId", township, "courseId", "enrollmentId", "placementId", "brokerId", prepared) WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c."sourceKey" = s.key) AND s.prepared < $2::date ORDER BY s.prepared, s.key`,
      [county, today],
    );
    for (let k = 0; k < rows.length; k += batch) {
      const part = rows.slice(k, k + batch);
      await tx(async (tq) => {
        // Numbers per year without gaps, as nextNumber gives them.
        const byYear = new Map<number, number>();
        const years = [...new Set(part.map((r) => prepYear(r.prepared)))];
        for (const y of years)
          byYear.set(y, await claimCounter(tq, y, part.filter((r) => prepYear(r.prepared) === y).length));
        const numbers = part.map((r) => {
          const y = prepYear(r.prepared);
          const n = byYear.get(y)! + 1;
          byYear.set(y, n);
          return `补〔${y}〕${n}号`;
        });
        const inserted: { id: number; status: string; amountFen: number; decidedAt: Date }[] = await tq(
          `INSERT INTO claims (number, kind, status, "amountFen", "payeeType", "payeeId", "payeeName", "workerId", township, "courseId", "enrollmentId",
                               "placementId", "brokerId", "sourceKey", "preparedBy", "preparedAt", approvals, "requiredApprovals", "decisionDueAt",
                               "decidedAt", "lastReason", "updatedAt", version, "countyId")
           SELECT x.num, x.kind, x.st, x.amount, x.pt, x.pid, x.pn, x.wid, x.tw, x.cid, x.eid, x.plid, x.bid, x.key, x.prep, x.prepared::timestamptz + interval '9 hours',
                  CASE WHEN x.st = 'paid' THEN jsonb_build_array(jsonb_build_object('by', x.fin, 'at', to_char((x.prepared + 4)::timestamptz + interval '10 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
                         || CASE WHEN x.amount > 100000 THEN jsonb_build_array(jsonb_build_object('by', x.fin2, 'at', to_char((x.prepared + 4)::timestamptz + interval '11 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))) ELSE '[]'::jsonb END
                  ELSE '[]'::jsonb END,
                  CASE WHEN x.amount > 100000 THEN 2 ELSE 1 END, (x.prepared + 14)::timestamptz,
                  (x.prepared + 4)::timestamptz + interval '10 hours', CASE WHEN x.st = 'rejected' THEN '申请材料与台账记录不符' END,
                  (x.prepared + 6)::timestamptz, 1, $19::int
             FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::int[], $5::varchar[], $6::int[], $7::varchar[], $8::int[], $9::varchar[],
                         $10::int[], $11::int[], $12::int[], $13::int[], $14::varchar[], $15::varchar[], $16::date[], $17::varchar[], $18::varchar[])
               AS x(num, kind, st, amount, pt, pid, pn, wid, tw, cid, eid, plid, bid, key, prep, prepared, fin, fin2)
           RETURNING id, status, "amountFen", "decidedAt"`,
          [
            numbers,
            part.map((r) => r.kind),
            part.map((r) => (mix(r.placementId, 20) === 0 ? 'rejected' : 'paid')),
            part.map((r) => r.amount),
            part.map((r) => r.payeeType),
            part.map((r) => r.payeeId),
            part.map((r) => r.payeeName),
            part.map((r) => r.workerId),
            part.map((r) => r.township),
            part.map((r) => r.courseId),
            part.map((r) => r.enrollmentId),
            part.map((r) => r.placementId),
            part.map((r) => r.brokerId),
            part.map((r) => r.key),
            part.map((r) => cwOf(r.workerId).username),
            part.map((r) => isoOf(r.prepared)),
            part.map((r) => fins[r.workerId % fins.length].username),
            part.map((r) => fins[(r.workerId + 1) % fins.length].username),
            county,
          ],
        );
        const paid = inserted.filter((c) => c.status === 'paid');
        await tq(
          `INSERT INTO payouts ("claimId", "amountFen", "paidOn", reference, "recordedAt")
           SELECT c, a, (d::timestamptz + interval '3 days')::date, 'ZF' || lpad(c::text, 10, '0'), d::timestamptz + interval '3 days'
             FROM unnest($1::int[], $2::int[], $3::text[]) AS x(c, a, d)`,
          [paid.map((c) => c.id), paid.map((c) => c.amountFen), paid.map((c) => c.decidedAt.toISOString())],
        );
      });
      progress('claims', k + part.length, rows.length);
    }
  }
  add('claims', (await count('claims')) - claimsBefore);

  // ---------------------------------------------------------------- cases: the old ones closed, the newest at intake
  const casePlan = (c: number) => {
    const k = mix(c, t.placements);
    const opened = addDays(t0, Math.floor((c / t.cases) * YEARS_DAYS));
    const current = (dayOf(today) - dayOf(opened)) / DAY < CURRENT_CASE_DAYS;
    return { k, opened, current, kind: CASE_KINDS[mix(c, CASE_KINDS.length)] };
  };
  const caseNumbers = new Map<number, number>();
  await fill('cases', t.cases, async (from, to, tq) => {
    const plans = range(from, to).map((c) => ({ c, ...casePlan(c) }));
    const years = [...new Set(plans.map((p) => Number(p.opened.slice(0, 4))))];
    for (const y of years) {
      const n = plans.filter((p) => Number(p.opened.slice(0, 4)) === y).length;
      const [{ last }] = await tq(
        `INSERT INTO number_counters ("countyId", series, year, last) VALUES ($1, 'case', $2, $3)
         ON CONFLICT ("countyId", series, year) DO UPDATE SET last = number_counters.last + $3 RETURNING last`,
        [county, y, n],
      );
      caseNumbers.set(y, Number(last) - n);
    }
    const numbers = plans.map((p) => {
      const y = Number(p.opened.slice(0, 4));
      const n = caseNumbers.get(y)! + 1;
      caseNumbers.set(y, n);
      return `维权〔${y}〕${n}号`;
    });
    const inserted: { id: number; workerId: number }[] = await tq(
      `INSERT INTO cases (number, kind, "workerId", "employerId", "placementId", facts, status, "openedBy", "openedAt", "updatedAt", version, stage,
                          "assigneeId", "assigneeName", "amountClaimedFen", "knewOn", "limitationEndsOn", channel, outcome, "outcomeReason",
                          "amountRecoveredFen", "closedAt", "countyId", "officeId")
       SELECT x.num, x.kind, p."workerId", p."employerId", p.id,
              w.name || '反映在' || e.name || '务工期间' || x.facts || '，请求依法处理。', CASE WHEN x.cur THEN 'open' ELSE 'closed' END,
              x.by, x.opened::timestamptz + interval '9 hours', x.opened::timestamptz + interval '9 hours', 1,
              CASE WHEN x.cur THEN 'intake' ELSE 'closed' END, x.aid, x.aname,
              CASE WHEN x.kind = 'wage_arrears' THEN 300000 + (p.id % 40) * 50000 ELSE 0 END,
              x.opened - 5, x.opened - 5 + 365, (ARRAY['window','hotline','visit','referral'])[1 + p.id % 4],
              CASE WHEN NOT x.cur THEN x.outcome END,
              CASE WHEN NOT x.cur THEN CASE x.outcome WHEN 'resolved' THEN '经调解，用人单位已履行' WHEN 'withdrawn' THEN '申请人撤回' WHEN 'referred' THEN '已移送劳动人事争议仲裁委员会' ELSE '不属于受理范围' END END,
              CASE WHEN NOT x.cur AND x.outcome = 'resolved' AND x.kind = 'wage_arrears' THEN 300000 + (p.id % 40) * 50000 END,
              CASE WHEN NOT x.cur THEN (x.opened + 15 + p.id % 60)::timestamptz + interval '16 hours' END,
              w."countyId", w."officeId"
         FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::varchar[], $5::boolean[], $6::varchar[], $7::date[], $8::int[], $9::varchar[], $10::varchar[])
           AS x(num, kind, pid, facts, cur, by, opened, aid, aname, outcome)
         JOIN placements p ON p.id = x.pid JOIN workers w ON w.id = p."workerId" JOIN employers e ON e.id = p."employerId"
       RETURNING id, "workerId"`,
      [
        numbers,
        plans.map((p) => p.kind),
        plans.map((p) => placementIds[p.k]),
        plans.map((p) => CASE_FACTS[p.kind]),
        plans.map((p) => p.current),
        plans.map((p) => cwOf(p.c).username),
        plans.map((p) => p.opened),
        plans.map((p) => cwOf(p.c + 1).id),
        plans.map((p) => cwOf(p.c + 1).displayName),
        plans.map((p) => OUTCOMES[mix(p.c, OUTCOMES.length)]),
      ],
    );
    await tq(
      `INSERT INTO case_workers ("caseId", "workerId") SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT DO NOTHING`,
      [inserted.map((c) => c.id), inserted.map((c) => c.workerId)],
    );
  });

  // ---------------------------------------------------------------- households: found, visited, cleared
  await fill('households', t.households, async (from, to, tq) => {
    const r = range(from, to);
    const heads = r.map((h) => Math.floor(h / TOWNSHIPS.length) * 36 + (h % TOWNSHIPS.length));
    const inserted: { id: number; status: string; createdAt: Date }[] = await tq(
      `INSERT INTO households (address, township, "responsibleUserId", "responsibleName", status, episode, "createdBy", "createdAt", "updatedAt", version, "countyId", "officeId")
       SELECT w.township || (ARRAY['前进村','胜利村','和平村','光明村','新民村','幸福村'])[1 + x.h % 6] || (x.h % 40 + 1) || '组' || (x.h % 90 + 1) || '号',
              w.township, x.uid, x.uname, x.st, CASE WHEN x.ep THEN 1 ELSE 0 END, x.by, w."createdAt", w."createdAt", 1, w."countyId", w."officeId"
         FROM unnest($1::int[], $2::int[], $3::int[], $4::varchar[], $5::varchar[], $6::boolean[], $7::varchar[]) AS x(h, wid, uid, uname, st, ep, by)
         JOIN workers w ON w.id = x.wid
        ORDER BY x.h
       RETURNING id, status, "createdAt"`,
      [
        r,
        heads.map((w) => workerIds[w]),
        r.map((h) => cwOf(h).id),
        r.map((h) => cwOf(h).displayName),
        r.map((h) => (mix(h, 20) === 0 ? 'no_working_age' : 'employed')),
        r.map((h) => mix(h, 10) < 3),
        r.map((h) => cwOf(h).username),
      ],
    );
    await tq(
      `INSERT INTO household_members ("householdId", "workerId", relationship, "addedAt")
       SELECT x.hid, x.wid, x.rel, now() FROM unnest($1::int[], $2::int[], $3::varchar[]) AS x(hid, wid, rel)`,
      [
        inserted.flatMap((h) => [h.id, h.id, h.id]),
        heads.flatMap((w) => [workerIds[w], workerIds[w + 12], workerIds[w + 24]]),
        inserted.flatMap(() => ['head', 'spouse', 'child']),
      ],
    );
    // A past episode of zero employment, found by a survey, visited monthly, cleared by a placement.
    await tq(
      `WITH e AS (
         INSERT INTO household_episodes ("householdId", episode, "foundOn", "foundCause", "clearedOn", measure, "clearedCause", "nextVisitDue", "workflowId")
         SELECT h.id, 1, (h."createdAt" + interval '30 days')::date, '摸底调查发现家庭成员均未就业', (h."createdAt" + interval '130 days')::date,
                (ARRAY['referral','training','public_post'])[1 + h.id % 3], '家庭成员实现就业', NULL, 'household-' || h.id || '-episode-1'
           FROM households h WHERE h.id = ANY ($1::int[]) AND h.episode = 1
         RETURNING "householdId", "foundOn")
       INSERT INTO household_visits ("householdId", episode, "visitedOn", "visitedBy", offered, note, "sourceKey", at)
       SELECT e."householdId", 1, e."foundOn" + v * 30, $2, ARRAY['referral'], '入户回访，了解就业意愿', 'seed-household-' || e."householdId" || '-visit-' || v,
              (e."foundOn" + v * 30)::timestamptz + interval '10 hours'
         FROM e CROSS JOIN generate_series(1, 3) v`,
      [inserted.map((h) => h.id), cws[0].username],
    );
  });

  // ---------------------------------------------------------------- documents, numbered per type and year
  const docKinds: { type: string; title: string; code: string; source: string }[] = [
    {
      type: 'contract_reminder',
      title: '签订劳动合同提醒函',
      code: '提',
      source: `SELECT 'placement' AS st, p.id AS sid, 'placement-' || p.id || '-contract-reminder' AS key, p."startDate" + 12 AS issued,
                      jsonb_build_object('employer', e.name, 'worker', w.name, 'startDate', to_char(p."startDate", 'YYYY-MM-DD'), 'deadline', to_char(p.deadline, 'YYYY-MM-DD')) AS data,
                      e.name || '：我局登记的务工人员' || w.name || '已于' || to_char(p."startDate", 'YYYY年MM月DD日') || '与你单位建立劳动关系，请于' || to_char(p.deadline, 'YYYY年MM月DD日') || '前签订书面劳动合同。' AS body
                 FROM placements p JOIN workers w ON w.id = p."workerId" JOIN employers e ON e.id = p."employerId"
                 LEFT JOIN contracts c ON c."placementId" = p.id
                WHERE p."countyId" = $1 AND p."startDate" + 12 <= $2::date AND (c.id IS NULL OR c."signedOn" >= p."startDate" + 12)`,
    },
    {
      type: 'contract_rectification',
      title: '限期签订劳动合同通知书',
      code: '责',
      source: `SELECT 'placement', p.id, 'placement-' || p.id || '-contract-rectification', p.deadline,
                      jsonb_build_object('employer', e.name, 'worker', w.name, 'deadline', to_char(p.deadline, 'YYYY-MM-DD')),
                      e.name || '：你单位未在法定期限内与' || w.name || '签订书面劳动合同，限你单位于十日内改正。'
                 FROM placements p JOIN workers w ON w.id = p."workerId" JOIN employers e ON e.id = p."employerId"
                 LEFT JOIN contracts c ON c."placementId" = p.id
                WHERE p."countyId" = $1 AND p.deadline <= $2::date AND c.id IS NULL AND p.status <> 'awaiting_contract'`,
    },
    {
      type: 'case_acceptance',
      title: '受理通知书',
      code: '受',
      source: `SELECT 'case', c.id, 'case-' || c.id || '-seed-1-acceptance', c."openedAt"::date + 1,
                      jsonb_build_object('caseNumber', c.number, 'worker', w.name),
                      w.name || '：你反映的' || c.number || '一案，我局已依法受理。'
                 FROM cases c JOIN workers w ON w.id = c."workerId"
                WHERE c."countyId" = $1 AND c.stage = 'closed' AND c."openedAt"::date < $2::date`,
    },
    {
      type: 'mediation_agreement',
      title: '调解协议书',
      code: '调',
      source: `SELECT 'case', c.id, 'case-' || c.id || '-seed-1-mediation', c."closedAt"::date,
                      jsonb_build_object('caseNumber', c.number, 'worker', w.name, 'amountRecoveredFen', c."amountRecoveredFen"),
                      c.number || '：经调解，双方自愿达成协议。'
                 FROM cases c JOIN workers w ON w.id = c."workerId"
                WHERE c."countyId" = $1 AND c.outcome = 'resolved' AND c."closedAt"::date <= $2::date`,
    },
    {
      type: 'training_subsidy_notice',
      title: '培训补贴审核通知书',
      code: '培',
      source: `SELECT 'claim', c.id, 'claim-' || c.id || '-notice', c."decidedAt"::date,
                      jsonb_build_object('claimNumber', c.number, 'payee', c."payeeName", 'amountFen', c."amountFen", 'status', c.status),
                      c."payeeName" || '：你单位申报的' || c.number || '培训补贴，经审核' || CASE c.status WHEN 'paid' THEN '予以拨付。' ELSE '不予拨付。' END
                 FROM claims c WHERE c."countyId" = $1 AND c.kind = 'training' AND c."decidedAt"::date <= $2::date`,
    },
    {
      type: 'referral_subsidy_notice',
      title: '职业介绍补贴发放通知',
      code: '介',
      source: `SELECT 'claim', c.id, 'claim-' || c.id || '-notice', c."decidedAt"::date,
                      jsonb_build_object('claimNumber', c.number, 'payee', c."payeeName", 'amountFen', c."amountFen", 'status', c.status),
                      c."payeeName" || '：你申报的' || c.number || '职业介绍补贴，经审核' || CASE c.status WHEN 'paid' THEN '予以发放。' ELSE '不予发放。' END
                 FROM claims c WHERE c."countyId" = $1 AND c.kind = 'referral' AND c."decidedAt"::date <= $2::date`,
    },
  ];
  const docsBefore = await count('documents');
  for (const d of docKinds) {
    const years: { y: number }[] = await q(
      `SELECT DISTINCT extract(year FROM s.issued)::int AS y FROM (${d.source}) AS s(st, sid, key, issued, data, body) ORDER BY 1`,
      [county, today],
    );
    for (const { y } of years) {
      await tx(async (tq) => {
        const [{ base }] = await tq(
          `SELECT coalesce(max(seq), 0) AS base FROM documents WHERE "countyId" = $1 AND type = $2 AND year = $3`,
          [county, d.type, y],
        );
        const [{ n }] = await tq(
          `WITH s AS (SELECT * FROM (${d.source}) AS s(st, sid, key, issued, data, body)
                       WHERE extract(year FROM s.issued)::int = $3::int AND NOT EXISTS (SELECT 1 FROM documents x WHERE x."businessKey" = s.key)),
                n AS (SELECT s.*, $4::int + row_number() OVER (ORDER BY s.issued, s.sid) AS seq FROM s),
                h AS (SELECT n.*, $5::text || '〔' || $3::int::text || '〕' || n.seq::text || '号' AS number FROM n),
                r AS (SELECT h.*, '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>' || $6::text || '</title><body><h1>' || $7::text || '</h1><h2>' || $6::text
                                  || '</h2><p class="number">' || h.number || '</p><p>' || h.body || '</p><p class="date">' || to_char(h.issued, 'YYYY年MM月DD日') || '</p></body></html>' AS html FROM h),
                i AS (INSERT INTO documents (type, title, year, seq, number, "subjectType", "subjectId", "businessKey", "issuedOn", data, html, sha256, "createdBy", "createdAt", "countyId")
                      SELECT $8::text, $6::text, $3::int, r.seq, r.number, r.st, r.sid, r.key, r.issued, r.data, r.html, encode(sha256(convert_to(r.html, 'UTF8')), 'hex'),
                             'system:workflow', r.issued::timestamptz + interval '9 hours', $1::int FROM r
                      RETURNING seq)
           SELECT count(*)::int AS n, coalesce(max(seq), 0) AS top FROM i`,
          [county, today, y, base, `${COUNTY_PREFIX}${d.code}`, d.title, COUNTY_NAME, d.type],
        );
        await tq(
          `INSERT INTO number_counters ("countyId", series, year, last)
           SELECT $1, $2, $3, coalesce(max(seq), 0) FROM documents WHERE "countyId" = $1 AND type = $4 AND year = $3
           ON CONFLICT ("countyId", series, year) DO UPDATE SET last = greatest(number_counters.last, EXCLUDED.last)`,
          [county, `doc:${d.type}`, y, d.type],
        );
        return n;
      });
      progress(`documents ${d.title}`, y - years[0].y + 1, years.length);
    }
  }
  add('documents', (await count('documents')) - docsBefore);

  // ---------------------------------------------------------------- audit lines: who did what, when
  const auditSources: { name: string; sql: string }[] = [
    {
      name: 'worker',
      sql: `SELECT 'worker', x.id::text, 'create', w."createdAt", NULL::jsonb, jsonb_build_object('name', w.name, 'township', w.township, 'categories', w.categories), 'caseworker'
              FROM workers w JOIN unnest($2::int[]) AS x(id) ON x.id = w.id`,
    },
    {
      name: 'placement',
      sql: `SELECT 'placement', p.id::text, 'create', p."registeredAt", NULL::jsonb,
                   jsonb_build_object('workerId', p."workerId", 'employerId', p."employerId", 'startDate', p."startDate", 'job', p.job, 'monthlyWageFen', p."monthlyWageFen"), 'caseworker'
              FROM placements p JOIN unnest($2::int[]) AS x(id) ON x.id = p.id
            UNION ALL
            SELECT 'contract', c.id::text, 'create', c."recordedAt", NULL, jsonb_build_object('placementId', c."placementId", 'signedOn', c."signedOn", 'termMonths', c."termMonths"), 'caseworker'
              FROM contracts c JOIN unnest($2::int[]) AS x(id) ON x.id = c."placementId"
            UNION ALL
            SELECT 'placement', c."placementId"::text, 'status_changed', c."recordedAt" + interval '1 second', jsonb_build_object('status', 'awaiting_contract'),
                   jsonb_build_object('status', 'contract_signed', 'signedOn', c."signedOn"), 'system'
              FROM contracts c JOIN unnest($2::int[]) AS x(id) ON x.id = c."placementId"
            UNION ALL
            SELECT 'placement', p.id::text, 'status_changed', p."endDate"::timestamptz + interval '17 hours', jsonb_build_object('status', 'contract_signed'),
                   jsonb_build_object('status', 'ended', 'endDate', p."endDate", 'endReason', p."endReason"), 'caseworker'
              FROM placements p JOIN unnest($2::int[]) AS x(id) ON x.id = p.id WHERE p.status = 'ended'`,
    },
    {
      name: 'document',
      sql: `SELECT 'document', d.id::text, 'issue', d."createdAt", NULL::jsonb, jsonb_build_object('type', d.type, 'number', d.number, 'subjectType', d."subjectType", 'subjectId', d."subjectId", 'sha256', d.sha256), 'system'
              FROM documents d JOIN unnest($2::int[]) AS x(id) ON x.id = d.id`,
    },
    {
      name: 'case',
      sql: `SELECT 'case', c.id::text, 'create', c."openedAt", NULL::jsonb, jsonb_build_object('number', c.number, 'kind', c.kind, 'workerId', c."workerId"), 'caseworker'
              FROM cases c JOIN unnest($2::int[]) AS x(id) ON x.id = c.id
            UNION ALL
            SELECT 'case', c.id::text, 'stage_changed', c."openedAt" + make_interval(days => s.d), jsonb_build_object('stage', s.f), jsonb_build_object('stage', s.t), 'caseworker'
              FROM cases c JOIN unnest($2::int[]) AS x(id) ON x.id = c.id
              CROSS JOIN (VALUES (1, 'intake', 'mediation'), (14, 'mediation', 'closed')) AS s(d, f, t) WHERE c.stage = 'closed'`,
    },
    {
      name: 'claim',
      sql: `SELECT 'claim', c.id::text, 'create', c."preparedAt", NULL::jsonb, jsonb_build_object('number', c.number, 'kind', c.kind, 'amountFen', c."amountFen"), 'caseworker'
              FROM claims c JOIN unnest($2::int[]) AS x(id) ON x.id = c.id
            UNION ALL
            SELECT 'claim', c.id::text, CASE c.status WHEN 'paid' THEN 'approve' ELSE 'reject' END, c."decidedAt", jsonb_build_object('status', 'awaiting_approval'),
                   jsonb_build_object('status', CASE c.status WHEN 'paid' THEN 'approved' ELSE 'rejected' END), 'finance'
              FROM claims c JOIN unnest($2::int[]) AS x(id) ON x.id = c.id
            UNION ALL
            SELECT 'claim', c.id::text, 'paid', p."recordedAt", jsonb_build_object('status', 'approved'), jsonb_build_object('status', 'paid', 'reference', p.reference), 'system'
              FROM claims c JOIN unnest($2::int[]) AS x(id) ON x.id = c.id JOIN payouts p ON p."claimId" = c.id`,
    },
    {
      name: 'enrollment',
      sql: `SELECT 'enrollment', e.id::text, 'create', e."createdAt", NULL::jsonb, jsonb_build_object('courseId', e."courseId", 'workerId', e."workerId"), 'caseworker'
              FROM enrollments e JOIN unnest($2::int[]) AS x(id) ON x.id = e.id
            UNION ALL
            SELECT 'enrollment', e.id::text, 'assessment', e."createdAt" + interval '30 days', NULL, jsonb_build_object('assessment', e.assessment), 'caseworker'
              FROM enrollments e JOIN unnest($2::int[]) AS x(id) ON x.id = e.id WHERE e.assessment IS NOT NULL`,
    },
  ];
  const tableOf: Record<string, string> = {
    worker: 'workers',
    placement: 'placements',
    document: 'documents',
    case: 'cases',
    claim: 'claims',
    enrollment: 'enrollments',
  };
  const auditCount = async () =>
    Number(
      (
        await q(`SELECT count(*)::int AS n FROM audit_log WHERE "countyId" = $1 AND "requestId" = $2`, [
          county,
          SEED_REQUEST_ID,
        ])
      )[0].n,
    );
  const auditBefore = await auditCount();
  const insertAudit = (select: string) =>
    `INSERT INTO audit_log (at, "actorId", "actorName", "actorRole", entity, "entityId", action, before, after, "requestId", "countyId")
     SELECT a.at, CASE a.role WHEN 'system' THEN NULL WHEN 'finance' THEN ($5::int[])[1 + abs(hashtext(a.eid)) % array_length($5::int[], 1)]
                              ELSE ($3::int[])[1 + abs(hashtext(a.eid)) % array_length($3::int[], 1)] END,
            CASE a.role WHEN 'system' THEN '系统' WHEN 'finance' THEN ($6::varchar[])[1 + abs(hashtext(a.eid)) % array_length($6::varchar[], 1)]
                        ELSE ($4::varchar[])[1 + abs(hashtext(a.eid)) % array_length($4::varchar[], 1)] END,
            CASE a.role WHEN 'system' THEN 'system' ELSE a.role END, a.entity, a.eid, a.action, a.before, a.after, '${SEED_REQUEST_ID}', $1::int
       FROM (${select}) AS a(entity, eid, action, at, before, after, role)
      WHERE a.at IS NOT NULL`;
  const actorArgs = (role: string) => {
    const list = role === 'finance' ? fins : cws;
    return [list.map((u) => u.id), list.map((u) => u.displayName)];
  };
  for (const src of auditSources) {
    const all = await ids(tableOf[src.name]);
    // Done already: the seed's lines of this kind exist for its last record.
    const [{ done }] = await q(
      `SELECT count(*)::int AS done FROM audit_log WHERE entity = $1 AND "entityId" = $2 AND "requestId" = $3`,
      [src.name, String(all[all.length - 1] ?? 0), SEED_REQUEST_ID],
    );
    if (Number(done) > 0) continue;
    for (let k = 0; k < all.length; k += batch * 2) {
      const slice = all.slice(k, k + batch * 2);
      await tx(async (tq) => {
        // A rerun after an interruption: the records of this slice that already have their lines are skipped.
        const fresh: number[] =
          (
            await tq(
              `SELECT array_agg(x.id) AS ids FROM unnest($2::int[]) x(id)
              WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = $1 AND a."entityId" = x.id::text AND a."requestId" = $3)`,
              [src.name, slice, SEED_REQUEST_ID],
            )
          )[0].ids ?? [];
        if (!fresh.length) return;
        await tq(insertAudit(src.sql), [county, fresh, ...actorArgs('caseworker'), ...actorArgs('finance')]);
      });
      progress(`audit ${src.name}`, Math.min(k + batch * 2, all.length), all.length);
    }
  }
  // The rest of three years' lines: the everyday edits of workers' records (phone, skills, address), up to the target.
  let have = await auditCount();
  const workerSpan = workerIds.length;
  progress('audit worker updates', have, t.auditLines);
  while (have < t.auditLines && workerSpan > 0) {
    const n = Math.min(batch * 5, t.auditLines - have);
    const [cwIds, cwNames] = actorArgs('caseworker');
    await q(
      `INSERT INTO audit_log (at, "actorId", "actorName", "actorRole", entity, "entityId", action, before, after, "requestId", "countyId")
       SELECT least(w."createdAt" + make_interval(days => 1 + (g * 37) % 700, mins => g % 600), now()),
              ($3::int[])[1 + g % array_length($3::int[], 1)], ($4::varchar[])[1 + g % array_length($4::varchar[], 1)], 'caseworker',
              'worker', w.id::text, 'update', jsonb_build_object('phone', '***'), jsonb_build_object('phone', '***', 'notes', '更新联系方式'),
              $5, $1::int
         FROM generate_series($2::int, $2::int + $6::int - 1) g
         JOIN workers w ON w.id = ($7::int[])[1 + ((g::bigint * 7919) % $8::int)::int]`,
      [county, have, cwIds, cwNames, SEED_REQUEST_ID, n, workerIds, workerSpan],
    );
    have += n;
    progress('audit worker updates', have, t.auditLines);
  }
  add('audit_log', (await auditCount()) - auditBefore);

  // ---------------------------------------------------------------- the current processes: started through the outbox
  const outboxBefore = Number((await q(`SELECT count(*)::int AS n FROM process_outbox`))[0].n);
  const current: { id: number; startDate: string; township: string }[] = await q(
    `SELECT p.id, to_char(p."startDate", 'YYYY-MM-DD') AS "startDate", w.township
       FROM placements p JOIN workers w ON w.id = p."workerId"
      WHERE p."countyId" = $1 AND p.status = 'awaiting_contract'`,
    [county],
  );
  await q(
    `INSERT INTO process_outbox (kind, "workflowId", name, "taskQueue", rerun, args, "nextAttemptAt")
     SELECT 'start', x.wf, 'contractDeadline', $1, false, jsonb_build_array(x.args), now()
       FROM unnest($2::varchar[], $3::jsonb[]) AS x(wf, args)
     ON CONFLICT ("workflowId") WHERE kind = 'start' AND NOT rerun DO NOTHING`,
    [
      opts.taskQueue,
      current.map((p) => contractWorkflowId(p.id)),
      current.map((p) =>
        JSON.stringify({
          placementId: p.id,
          startDate: p.startDate,
          deadlineDays: 15,
          reminderDaysBefore: 3,
          rectifyDays: 10,
          township: p.township,
        }),
      ),
    ],
  );
  const openCases: { id: number; number: string; openedOn: string; knewOn: string; township: string }[] = await q(
    `SELECT c.id, c.number, to_char(c."openedAt" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "openedOn",
            to_char(c."knewOn", 'YYYY-MM-DD') AS "knewOn", w.township
       FROM cases c JOIN workers w ON w.id = c."workerId" WHERE c."countyId" = $1 AND c.stage = 'intake'`,
    [county],
  );
  const casePolicy = {
    acknowledgeWorkingDays: 1,
    mediationDays: 15,
    inspectionAcceptWorkingDays: 5,
    inspectionInvestigateWorkingDays: 60,
    inspectionExtensionWorkingDays: 30,
    arbitrationAcceptDays: 5,
    arbitrationAwardDays: 45,
    arbitrationExtensionDays: 15,
    limitationDays: 365,
  };
  await q(
    `INSERT INTO process_outbox (kind, "workflowId", name, "taskQueue", rerun, args, "nextAttemptAt")
     SELECT 'start', x.wf, 'caseEscalation', $1, false, jsonb_build_array(x.args), now()
       FROM unnest($2::varchar[], $3::jsonb[]) AS x(wf, args)
     ON CONFLICT ("workflowId") WHERE kind = 'start' AND NOT rerun DO NOTHING`,
    [
      opts.taskQueue,
      openCases.map((c) => caseWorkflowId(c.id)),
      openCases.map((c) =>
        JSON.stringify({
          caseId: c.id,
          openedOn: c.openedOn,
          knewOn: c.knewOn,
          caseNumber: c.number,
          township: c.township,
          policy: casePolicy,
        }),
      ),
    ],
  );
  add('process_outbox', Number((await q(`SELECT count(*)::int AS n FROM process_outbox`))[0].n) - outboxBefore);

  if (Object.values(written).some((n) => n > 0)) {
    progress('ANALYZE', 0, 1);
    await q('ANALYZE');
    progress('ANALYZE', 1, 1);
  }

  const counts: Record<string, number> = {};
  for (const table of [
    'workers',
    'employers',
    'brokers',
    'training_providers',
    'courses',
    'enrollments',
    'placements',
    'referrals',
    'claims',
    'cases',
    'households',
    'documents',
  ])
    counts[table] = await count(table);
  counts.contracts = contractsAfter;
  counts.payouts = Number(
    (
      await q(`SELECT count(*)::int AS n FROM payouts p JOIN claims c ON c.id = p."claimId" WHERE c."countyId" = $1`, [
        county,
      ])
    )[0].n,
  );
  counts.household_visits = Number(
    (
      await q(
        `SELECT count(*)::int AS n FROM household_visits v JOIN households h ON h.id = v."householdId" WHERE h."countyId" = $1`,
        [county],
      )
    )[0].n,
  );
  counts.audit_log = await auditCount();
  counts.running_processes = current.length + openCases.length;
  for (const k of Object.keys(counts)) written[k] ??= 0;
  return { countyId: county, stationId: station, counts, written, seconds: (Date.now() - started) / 1000 };
}

function prepYear(d: Date | string): number {
  return Number(isoOf(d).slice(0, 4));
}
function isoOf(d: Date | string): string {
  if (typeof d === 'string') return d.slice(0, 10);
  // A date column comes back as local midnight of the Node process.
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** sha256 of a text, hex (for checks of the seeded documents). */
export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** A progress bar per step on a terminal, a line per step and ten per cent otherwise. */
export function progressPrinter(out: NodeJS.WriteStream = process.stderr) {
  let last = '';
  let tenth = -1;
  const t0 = Date.now();
  return (step: string, done: number, total: number) => {
    const frac = total ? Math.min(1, done / total) : 1;
    const secs = ((Date.now() - t0) / 1000).toFixed(0).padStart(4);
    const bar = '█'.repeat(Math.round(frac * 30)).padEnd(30, '░');
    const line = `${secs} s  ${step.padEnd(22)} ${bar} ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
    if (out.isTTY) out.write(`${step !== last && last ? '\n' : '\r'}${line}`);
    else if (step !== last || Math.floor(frac * 10) > tenth) out.write(`${line}\n`);
    if (step !== last) tenth = -1;
    tenth = Math.max(tenth, Math.floor(frac * 10));
    last = step;
  };
}
