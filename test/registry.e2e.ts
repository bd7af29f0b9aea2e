/**
 * The registry against the real API and Postgres: workers, employers, brokers, training
 * courses; every "bad input" rule with a bad and a good value (and nothing written
 * for the bad one); masking of ID and phone numbers; the broker isolation rule (another
 * broker's record is 404, not 403); optimistic concurrency; the append-only audit trail
 * enforced by the database; dated policy values.
 */
import { randomInt } from 'node:crypto';
import type { Role } from '../src/common/request-context.js';
import { createTestApp, TestApp } from './support/app.js';
import { ownerDb } from './support/owner-db.js';
import {
  auditRows,
  brokerBody,
  citizenId,
  countCoursesNamed,
  countEmployersWithCode,
  countWorkersWithId,
  creditCode,
  employerBody,
  hanTag,
  idWithImpossibleBirthDate,
  mobile,
  tag,
  withWrongCheckDigit,
  withWrongCreditCheck,
  workerBody,
} from './support/fixtures.js';

const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;
const maskedId = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;
const maskedPhone = (p: string) => `${p.slice(0, 3)}****${p.slice(7)}`;

let t: TestApp;
let as: Record<Role, { Authorization: string }>;
let caseworkerName: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  const cw = await t.login('caseworker');
  caseworkerName = cw.username;
  as = {
    admin: (await t.login('admin')).auth,
    caseworker: cw.auth,
    finance: (await t.login('finance')).auth,
    broker: (await t.login('broker')).auth,
  };
});
afterAll(() => t?.close());

async function createWorker(overrides: Record<string, unknown> = {}) {
  const body = workerBody(overrides);
  const res = await t.http.post('/workers').set(as.caseworker).send(body).expect(201);
  return { body, worker: res.body as Record<string, any> };
}

// ------------------------------------------------------------------------------------------
describe('workers: registration', () => {
  it('a valid worker → 201, with birth date and sex derived from the ID number', async () => {
    const male = citizenId({ sex: 'male', birth: '1985-03-12' });
    const { worker } = await createWorker({
      citizenId: male.id,
      township: '东风镇',
      categories: ['laid_off', 'age_40_50'],
    });
    expect(worker).toMatchObject({
      id: expect.any(Number),
      citizenId: male.id,
      birthDate: '1985-03-12',
      sex: 'male',
      township: '东风镇',
      categories: ['laid_off', 'age_40_50'],
      version: 1,
    });
    const female = citizenId({ sex: 'female', birth: '2000-02-29' });
    const { worker: w2 } = await createWorker({ citizenId: female.id });
    expect(w2).toMatchObject({ birthDate: '2000-02-29', sex: 'female' });
    const [row] = await t.db.query('SELECT "birthDate"::text AS "birthDate", sex FROM workers WHERE id = $1', [w2.id]);
    expect(row).toEqual({ birthDate: '2000-02-29', sex: 'female' });
  });

  it('stores the normalised ID number and phone (spaces, lower-case x, +86 prefix removed)', async () => {
    // A number whose check character is X, typed in lower case with spaces.
    let x = citizenId();
    while (x.id[17] !== 'X') x = citizenId();
    const phone = mobile();
    const { worker } = await createWorker({
      citizenId: `${x.id.slice(0, 6)} ${x.id.slice(6, 14)} ${x.id.slice(14).toLowerCase()}`,
      phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
    });
    expect(worker.citizenId).toBe(x.id);
    expect(worker.phone).toBe(phone);
    expect(await countWorkersWithId(t, x.id)).toBe(1);
  });

  it('birth date and sex cannot be typed: sending them is 400 (unknown fields), nothing written', async () => {
    const body = workerBody({ birthDate: '1990-01-01', sex: 'male' });
    const res = await t.http.post('/workers').set(as.caseworker).send(body).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['birthDate', 'sex']);
    expect(await countWorkersWithId(t, body.citizenId as string)).toBe(0);
  });

  it('the same ID number twice → 409 with the existing record id, also when typed differently', async () => {
    const { body, worker } = await createWorker();
    const again = await t.http
      .post('/workers')
      .set(as.caseworker)
      .send(workerBody({ citizenId: body.citizenId }))
      .expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'WORKER.EXISTS', existingId: worker.id });
    expect(JSON.stringify(again.body)).not.toContain(body.citizenId as string);
    const id = body.citizenId as string;
    const spaced = await t.http
      .post('/workers')
      .set(as.caseworker)
      .send(workerBody({ citizenId: ` ${id.slice(0, 6)} ${id.slice(6)} ` }))
      .expect(409);
    expect(spaced.body.existingId).toBe(worker.id);
    expect(await countWorkersWithId(t, id)).toBe(1);
  });

  // Each rule: the bad value → 400 naming the field, in words, and no row; then the same body
  // with a good value → 201.
  const cases: {
    rule: string;
    field: string;
    bad: (b: Record<string, unknown>) => Record<string, unknown>;
    reason: RegExp;
  }[] = [
    {
      rule: 'a wrong ID check digit',
      field: 'citizenId',
      bad: (b) => ({ ...b, citizenId: withWrongCheckDigit(b.citizenId as string) }),
      reason: /校验位/,
    },
    {
      rule: 'an impossible birth date in the ID (1985-02-30)',
      field: 'citizenId',
      bad: (b) => ({ ...b, citizenId: idWithImpossibleBirthDate('19850230') }),
      reason: /出生日期/,
    },
    {
      rule: 'an impossible birth date in the ID (month 13)',
      field: 'citizenId',
      bad: (b) => ({ ...b, citizenId: idWithImpossibleBirthDate('19851301') }),
      reason: /出生日期/,
    },
    {
      rule: 'an ID number of 17 characters',
      field: 'citizenId',
      bad: (b) => ({ ...b, citizenId: (b.citizenId as string).slice(0, 17) }),
      reason: /18/,
    },
    {
      rule: 'an unknown township',
      field: 'township',
      bad: (b) => ({ ...b, township: '不存在镇' }),
      reason: /乡镇/,
    },
    {
      rule: 'a phone number with 10 digits',
      field: 'phone',
      bad: (b) => ({ ...b, phone: (b.phone as string).slice(0, 10) }),
      reason: /应为11位/,
    },
    {
      rule: 'a phone number not starting 13-19',
      field: 'phone',
      bad: (b) => ({ ...b, phone: `12${(b.phone as string).slice(2)}` }),
      reason: /手机号码/,
    },
    {
      rule: 'a landline instead of a mobile',
      field: 'phone',
      bad: (b) => ({ ...b, phone: '0411-86661234' }),
      reason: /手机号码/,
    },
    {
      rule: 'an unknown category',
      field: 'categories',
      bad: (b) => ({ ...b, categories: ['rural_surplus', 'retired'] }),
      reason: /人员类别/,
    },
    { rule: 'a name with digits', field: 'name', bad: (b) => ({ ...b, name: '张3' }), reason: /姓名/ },
    {
      rule: 'an unknown extra field (rejected, not dropped)',
      field: 'isVip',
      bad: (b) => ({ ...b, isVip: true }),
      reason: /没有这一项/,
    },
  ];

  it.each(cases)(
    '$rule → 400 details[0].field = $field, nothing written; the good value → 201',
    async ({ field, bad, reason }) => {
      const good = workerBody();
      const badBody = bad(good);
      const res = await t.http.post('/workers').set(as.caseworker).send(badBody).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      expect(res.body.details[0]).toEqual({ field, reason: expect.stringMatching(reason) });
      expect(await countWorkersWithId(t, good.citizenId as string)).toBe(0);
      if (badBody.citizenId !== good.citizenId)
        expect(await countWorkersWithId(t, badBody.citizenId as string)).toBe(0);
      const ok = await t.http.post('/workers').set(as.caseworker).send(good).expect(201);
      expect(ok.body.citizenId).toBe(good.citizenId);
      expect(await countWorkersWithId(t, good.citizenId as string)).toBe(1);
    },
  );

  it('error messages for a bad ID number never repeat the number typed', async () => {
    for (const bad of [
      withWrongCheckDigit(citizenId().id),
      idWithImpossibleBirthDate('19850230'),
      `${citizenId().id.slice(0, 17)}Q`,
    ]) {
      const res = await t.http
        .post('/workers')
        .set(as.caseworker)
        .send(workerBody({ citizenId: bad }))
        .expect(400);
      const text = JSON.stringify(res.body);
      expect(res.body.details[0].field).toBe('citizenId');
      expect(text).not.toContain(bad);
      expect(text).not.toContain(bad.slice(0, 17));
      expect(text).not.toContain(bad.slice(6, 17)); // birth date + sequence
      expect(await countWorkersWithId(t, bad)).toBe(0);
    }
  });

  it('error messages for a bad phone never repeat the number typed', async () => {
    const bad = `1${mobile()}`; // 12 digits
    const res = await t.http
      .post('/workers')
      .set(as.caseworker)
      .send(workerBody({ phone: bad }))
      .expect(400);
    expect(res.body.details[0].field).toBe('phone');
    expect(JSON.stringify(res.body)).not.toContain(bad);
  });
});

// ------------------------------------------------------------------------------------------
describe('workers: lists, search and masking', () => {
  it('GET /workers lists ID numbers as 230781********1234 and phones as 138****5678, for caseworker and finance', async () => {
    const { body, worker } = await createWorker();
    for (const role of ['caseworker', 'finance', 'admin'] as Role[]) {
      const res = await t.http.get('/workers').query({ q: body.citizenId }).set(as[role]).expect(200);
      expect(res.body.total).toBe(1);
      const [item] = res.body.items;
      expect(item.id).toBe(worker.id);
      expect(item.citizenId).toMatch(MASKED_ID);
      expect(item.citizenId).toBe(maskedId(body.citizenId as string));
      expect(item.phone).toMatch(MASKED_PHONE);
      expect(item.phone).toBe(maskedPhone(body.phone as string));
      expect(JSON.stringify(res.body)).not.toContain(body.citizenId as string);
      expect(JSON.stringify(res.body)).not.toContain(body.phone as string);
    }
  });

  it('an ID or phone number matches only when typed in full, so a masked digit cannot be found by guessing', async () => {
    const { body, worker } = await createWorker();
    const id = body.citizenId as string;
    const phone = body.phone as string;
    const found = async (q: string) =>
      ((await t.http.get('/workers').query({ q }).set(as.finance).expect(200)).body.items as { id: number }[]).some(
        (w) => w.id === worker.id,
      );
    // The digits the mask hides (ID 7–14, phone 4–7) are in each of these parts.
    for (const part of [id.slice(0, 14), id.slice(0, 7), id.slice(6, 14), phone.slice(0, 7), phone.slice(3, 7)])
      expect([part, await found(part)]).toEqual([part, false]);
    expect(await found(id)).toBe(true);
    expect(await found(phone)).toBe(true);
  });

  it('every item of a page of the list is masked', async () => {
    await createWorker();
    const res = await t.http.get('/workers').query({ pageSize: 50 }).set(as.caseworker).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const item of res.body.items) {
      expect(item.citizenId).toMatch(MASKED_ID);
      expect(item.phone).toMatch(MASKED_PHONE);
    }
  });

  it('searches by name, filters by township and category, and pages', async () => {
    const surname = `欧阳${hanTag(4)}`;
    const a = await createWorker({ name: `${surname}甲`, township: '太平乡', categories: ['veteran'] });
    const b = await createWorker({ name: `${surname}乙`, township: '太平乡', categories: ['graduate'] });
    await createWorker({ name: `${surname}丙`, township: '红旗乡', categories: ['veteran'] });
    const byName = await t.http.get('/workers').query({ q: surname }).set(as.caseworker).expect(200);
    expect(byName.body.total).toBe(3);
    const filtered = await t.http
      .get('/workers')
      .query({ q: surname, township: '太平乡', category: 'veteran' })
      .set(as.caseworker)
      .expect(200);
    expect(filtered.body.items.map((w: { id: number }) => w.id)).toEqual([a.worker.id]);
    const paged = await t.http
      .get('/workers')
      .query({ q: surname, township: '太平乡', sort: 'id', order: 'asc', page: 2, pageSize: 1 })
      .set(as.caseworker)
      .expect(200);
    expect(paged.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.body.items.map((w: { id: number }) => w.id)).toEqual([b.worker.id]);
  });

  it("a search term that is (part of) a township's name finds that township's workers, no others", async () => {
    const name = `司马${hanTag(4)}`;
    const inTown = await createWorker({ name, township: '太平乡' });
    const elsewhere = await createWorker({ name: `${name}乙`, township: '红旗乡' });
    for (const q of ['太平乡', '平乡']) {
      const res = await t.http
        .get('/workers')
        .query({ q, sort: 'id', order: 'desc', pageSize: 100 })
        .set(as.caseworker)
        .expect(200);
      const ids = res.body.items.map((w: { id: number }) => w.id);
      expect(ids).toContain(inTown.worker.id);
      expect(ids).not.toContain(elsewhere.worker.id);
      expect(new Set(res.body.items.map((w: { township: string }) => w.township))).toEqual(new Set(['太平乡']));
    }
  });

  it('an unknown sort field or category in the query → 400', async () => {
    const sort = await t.http.get('/workers').query({ sort: 'citizenId' }).set(as.caseworker).expect(400);
    expect(sort.body.details[0].field).toBe('sort');
    const cat = await t.http.get('/workers').query({ category: 'retired' }).set(as.caseworker).expect(400);
    expect(cat.body.details[0].field).toBe('category');
  });

  it('GET /workers/:id as caseworker shows the full ID and phone, and the read is audited as read_sensitive', async () => {
    const { body, worker } = await createWorker();
    const res = await t.http.get(`/workers/${worker.id}`).set(as.caseworker).expect(200);
    expect(res.body.citizenId).toBe(body.citizenId);
    expect(res.body.phone).toBe(body.phone);
    const audit = await t.http
      .get('/audit')
      .query({ entity: 'worker', id: String(worker.id) })
      .set(as.admin)
      .expect(200);
    const reads = audit.body.items.filter((a: { action: string }) => a.action === 'read_sensitive');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      actorName: caseworkerName,
      actorRole: 'caseworker',
      entity: 'worker',
      entityId: String(worker.id),
    });
  });

  it('GET /workers/:id as admin also shows the full ID (and is audited)', async () => {
    const { body, worker } = await createWorker();
    const res = await t.http.get(`/workers/${worker.id}`).set(as.admin).expect(200);
    expect(res.body.citizenId).toBe(body.citizenId);
    expect(
      (await auditRows(t, 'worker', worker.id)).filter((r) => r.action === 'read_sensitive' && r.actorRole === 'admin'),
    ).toHaveLength(1);
  });

  it('GET /workers/:id as finance is masked, and is not a sensitive read', async () => {
    const { body, worker } = await createWorker();
    const res = await t.http.get(`/workers/${worker.id}`).set(as.finance).expect(200);
    expect(res.body.id).toBe(worker.id);
    expect(res.body.citizenId).toMatch(MASKED_ID);
    expect(res.body.citizenId).toBe(maskedId(body.citizenId as string));
    expect(res.body.phone).toMatch(MASKED_PHONE);
    expect(JSON.stringify(res.body)).not.toContain(body.citizenId as string);
    expect((await auditRows(t, 'worker', worker.id)).filter((r) => r.action === 'read_sensitive')).toHaveLength(0);
  });

  it('GET /workers/:id of an unknown id → 404; of a non-number → 400', async () => {
    await t.http.get('/workers/2000000000').set(as.caseworker).expect(404);
    await t.http.get('/workers/abc').set(as.caseworker).expect(400);
  });

  it('the audit trail (a log) never holds a full ID or phone number in clear', async () => {
    const { body, worker } = await createWorker();
    await t.http
      .patch(`/workers/${worker.id}`)
      .set(as.caseworker)
      .send({ version: worker.version, phone: mobile() })
      .expect(200);
    const audit = await t.http
      .get('/audit')
      .query({ entity: 'worker', id: String(worker.id) })
      .set(as.admin)
      .expect(200);
    const text = JSON.stringify(audit.body);
    expect(text).not.toContain(body.citizenId as string);
    expect(text).not.toContain(body.phone as string);
    const created = audit.body.items.find((a: { action: string }) => a.action === 'create');
    expect(created.after.citizenId).toMatch(MASKED_ID);
    expect(created.after.phone).toMatch(MASKED_PHONE);
  });
});

// ------------------------------------------------------------------------------------------
describe('workers: concurrent edits', () => {
  it('two PATCHes with the same version: the first → 200, the second → 409; the first change is kept', async () => {
    const { worker } = await createWorker();
    const first = await t.http
      .patch(`/workers/${worker.id}`)
      .set(as.caseworker)
      .send({ version: worker.version, name: '李先改' })
      .expect(200);
    expect(first.body).toMatchObject({ name: '李先改', version: worker.version + 1 });
    const second = await t.http
      .patch(`/workers/${worker.id}`)
      .set(as.caseworker)
      .send({ version: worker.version, name: '王后改' })
      .expect(409);
    expect(second.body).toMatchObject({ statusCode: 409, code: 'WORKER.STALE', currentVersion: worker.version + 1 });
    const now = await t.http.get(`/workers/${worker.id}`).set(as.caseworker).expect(200);
    expect(now.body).toMatchObject({ name: '李先改', version: worker.version + 1 });
    // With the current version the second writer succeeds.
    await t.http
      .patch(`/workers/${worker.id}`)
      .set(as.caseworker)
      .send({ version: worker.version + 1, name: '王后改' })
      .expect(200);
  });

  it('two PATCHes sent at the same moment with the same version: exactly one wins', async () => {
    const { worker } = await createWorker();
    const [a, b] = await Promise.all([
      t.http.patch(`/workers/${worker.id}`).set(as.caseworker).send({ version: worker.version, notes: 'A' }),
      t.http.patch(`/workers/${worker.id}`).set(as.caseworker).send({ version: worker.version, notes: 'B' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'A' : 'B';
    const [row] = await t.db.query('SELECT notes, version FROM workers WHERE id = $1', [worker.id]);
    expect(row).toEqual({ notes: winner, version: worker.version + 1 });
  });

  it('a PATCH with a bad phone or an unknown field → 400 and the record is unchanged', async () => {
    const { body, worker } = await createWorker();
    const bad = await t.http
      .patch(`/workers/${worker.id}`)
      .set(as.caseworker)
      .send({ version: worker.version, phone: '12345' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('phone');
    const extra = await t.http
      .patch(`/workers/${worker.id}`)
      .set(as.caseworker)
      .send({ version: worker.version, citizenId: citizenId().id })
      .expect(400);
    expect(extra.body.details[0].field).toBe('citizenId');
    const [row] = await t.db.query('SELECT phone, "citizenId", version FROM workers WHERE id = $1', [worker.id]);
    expect(row).toEqual({ phone: body.phone, citizenId: body.citizenId, version: worker.version });
  });
});

// ------------------------------------------------------------------------------------------
describe('employers', () => {
  it('a valid credit code → 201, stored normalised', async () => {
    const body = employerBody();
    const res = await t.http
      .post('/employers')
      .set(as.caseworker)
      .send({ ...body, creditCode: (body.creditCode as string).toLowerCase() })
      .expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(Number),
      creditCode: body.creditCode,
      agreementStart: '2026-01-01',
      agreementEnd: '2027-12-31',
    });
    expect(await countEmployersWithCode(t, body.creditCode as string)).toBe(1);
  });

  it('a wrong credit code check character → 400 field creditCode, nothing written; the right one → 201', async () => {
    const good = employerBody();
    const bad = withWrongCreditCheck(good.creditCode as string);
    const res = await t.http
      .post('/employers')
      .set(as.caseworker)
      .send({ ...good, creditCode: bad })
      .expect(400);
    expect(res.body.details[0]).toEqual({ field: 'creditCode', reason: expect.stringMatching(/校验位/) });
    expect(await countEmployersWithCode(t, bad)).toBe(0);
    await t.http.post('/employers').set(as.caseworker).send(good).expect(201);
  });

  it('a credit code with a letter credit codes never use (O) → 400 field creditCode', async () => {
    const code = creditCode();
    const bad = `${code.slice(0, 10)}O${code.slice(11)}`;
    const res = await t.http
      .post('/employers')
      .set(as.caseworker)
      .send(employerBody({ creditCode: bad }))
      .expect(400);
    expect(res.body.details[0].field).toBe('creditCode');
    expect(await countEmployersWithCode(t, bad)).toBe(0);
  });

  it('the same credit code twice → 409 with the existing id', async () => {
    const body = employerBody();
    const first = await t.http.post('/employers').set(as.caseworker).send(body).expect(201);
    const again = await t.http
      .post('/employers')
      .set(as.caseworker)
      .send(employerBody({ creditCode: body.creditCode }))
      .expect(409);
    expect(again.body).toMatchObject({ code: 'EMPLOYER.EXISTS', existingId: first.body.id });
  });

  it('an agreement ending before it starts, or an impossible date → 400; unknown field → 400', async () => {
    const a = await t.http
      .post('/employers')
      .set(as.caseworker)
      .send(employerBody({ agreementStart: '2027-01-01', agreementEnd: '2026-01-01' }))
      .expect(400);
    expect(a.body.details[0].field).toBe('agreementEnd');
    const b = await t.http
      .post('/employers')
      .set(as.caseworker)
      .send(employerBody({ agreementStart: '2026-02-30' }))
      .expect(400);
    expect(b.body.details[0].field).toBe('agreementStart');
    const body = employerBody({ rating: 5 });
    const c = await t.http.post('/employers').set(as.caseworker).send(body).expect(400);
    expect(c.body.details[0]).toEqual({ field: 'rating', reason: '没有这一项，不能填写' });
    expect(await countEmployersWithCode(t, body.creditCode as string)).toBe(0);
  });

  it('PATCH /employers/:id with a stale version → 409', async () => {
    const e = await t.http.post('/employers').set(as.caseworker).send(employerBody()).expect(201);
    await t.http
      .patch(`/employers/${e.body.id}`)
      .set(as.caseworker)
      .send({ version: e.body.version, contactName: '陈经理' })
      .expect(200);
    await t.http
      .patch(`/employers/${e.body.id}`)
      .set(as.caseworker)
      .send({ version: e.body.version, contactName: '周经理' })
      .expect(409);
    const now = await t.http.get(`/employers/${e.body.id}`).set(as.finance).expect(200);
    expect(now.body.contactName).toBe('陈经理');
  });
});

// ------------------------------------------------------------------------------------------
describe('brokers and the isolation rule', () => {
  let brokerA: { auth: { Authorization: string }; brokerId: number; body: Record<string, unknown> };
  let brokerB: { auth: { Authorization: string }; brokerId: number; body: Record<string, unknown> };

  async function linkedBroker() {
    const user = await t.login('broker');
    const body = brokerBody({ userId: user.userId });
    const res = await t.http.post('/brokers').set(as.caseworker).send(body).expect(201);
    expect(res.body).toMatchObject({ userId: user.userId, status: 'active' });
    return { auth: user.auth, brokerId: res.body.id as number, body };
  }

  beforeAll(async () => {
    brokerA = await linkedBroker();
    brokerB = await linkedBroker();
  });

  it('broker A reads their own record (200), with ID and phone masked and the status history', async () => {
    const res = await t.http.get(`/brokers/${brokerA.brokerId}`).set(brokerA.auth).expect(200);
    expect(res.body.id).toBe(brokerA.brokerId);
    expect(res.body.citizenId).toMatch(MASKED_ID);
    expect(res.body.citizenId).toBe(maskedId(brokerA.body.citizenId as string));
    expect(res.body.phone).toMatch(MASKED_PHONE);
    expect(JSON.stringify(res.body)).not.toContain(brokerA.body.citizenId as string);
    expect(res.body.statusHistory).toEqual([expect.objectContaining({ status: 'active' })]);
  });

  it("broker A asking for broker B's record → 404 (not 403), the same answer as for an id that does not exist", async () => {
    const other = await t.http.get(`/brokers/${brokerB.brokerId}`).set(brokerA.auth);
    expect(other.status).toBe(404);
    const missing = await t.http.get('/brokers/2000000000').set(brokerA.auth).expect(404);
    expect(other.body).toEqual(missing.body);
    expect(JSON.stringify(other.body)).not.toContain(brokerB.body.name as string);
    // And B sees B.
    await t.http.get(`/brokers/${brokerB.brokerId}`).set(brokerB.auth).expect(200);
  });

  it("a new broker's first status entry (登记, active) is dated today in Asia/Shanghai, not in UTC", async () => {
    const shanghaiToday = () =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date());
    const before = shanghaiToday();
    const res = await t.http.post('/brokers').set(as.caseworker).send(brokerBody()).expect(201);
    const after = shanghaiToday();
    const [row] = await t.db.query(
      `SELECT status, "effectiveDate"::text AS "effectiveDate" FROM broker_status_changes WHERE "brokerId" = $1`,
      [res.body.id],
    );
    expect(row.status).toBe('active');
    expect([before, after]).toContain(row.effectiveDate);
  });

  it('a broker user with no broker record sees no broker at all (404)', async () => {
    const { auth } = await t.login('broker');
    await t.http.get(`/brokers/${brokerA.brokerId}`).set(auth).expect(404);
  });

  it('a broker may not list brokers or read workers (403)', async () => {
    await t.http.get('/brokers').set(brokerA.auth).expect(403);
    await t.http.get('/workers').set(brokerA.auth).expect(403);
  });

  it('caseworker sees the full broker record (audited); finance sees it masked', async () => {
    const cw = await t.http.get(`/brokers/${brokerA.brokerId}`).set(as.caseworker).expect(200);
    expect(cw.body.citizenId).toBe(brokerA.body.citizenId);
    const fin = await t.http.get(`/brokers/${brokerA.brokerId}`).set(as.finance).expect(200);
    expect(fin.body.citizenId).toMatch(MASKED_ID);
    expect(
      (await auditRows(t, 'broker', brokerA.brokerId))
        .filter((r) => r.action === 'read_sensitive')
        .map((r) => r.actorRole),
    ).toEqual(['caseworker']);
  });

  it('the broker list masks ID and phone numbers', async () => {
    const res = await t.http.get('/brokers').query({ q: brokerA.body.certificateNo }).set(as.caseworker).expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].citizenId).toMatch(MASKED_ID);
    expect(res.body.items[0].phone).toMatch(MASKED_PHONE);
  });

  it('linking a user who is not a broker, or a user already linked → 400 field userId, nothing written', async () => {
    const cw = await t.login('caseworker');
    const notBroker = brokerBody({ userId: cw.userId });
    const a = await t.http.post('/brokers').set(as.caseworker).send(notBroker).expect(400);
    expect(a.body.details[0].field).toBe('userId');
    const taken = brokerBody({
      userId: (await t.db.query('SELECT "userId" FROM brokers WHERE id = $1', [brokerA.brokerId]))[0].userId,
    });
    const b = await t.http.post('/brokers').set(as.caseworker).send(taken).expect(400);
    expect(b.body.details[0].field).toBe('userId');
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM brokers WHERE "citizenId" = ANY($1)', [
      [notBroker.citizenId, taken.citizenId],
    ]);
    expect(n).toBe(0);
  });

  it('a broker with a wrong ID check digit → 400 field citizenId; a bad certificate number → 400 field certificateNo', async () => {
    const good = brokerBody();
    const a = await t.http
      .post('/brokers')
      .set(as.caseworker)
      .send({ ...good, citizenId: withWrongCheckDigit(good.citizenId as string) })
      .expect(400);
    expect(a.body.details[0].field).toBe('citizenId');
    const b = await t.http
      .post('/brokers')
      .set(as.caseworker)
      .send({ ...good, certificateNo: '证书 1' })
      .expect(400);
    expect(b.body.details[0].field).toBe('certificateNo');
    await t.http.post('/brokers').set(as.caseworker).send(good).expect(201);
  });

  it('admin suspends a broker with a reason and date (history kept); an unknown status → 400; the same status again → 409', async () => {
    const { brokerId } = await linkedBroker();
    const bad = await t.http
      .post(`/brokers/${brokerId}/status`)
      .set(as.admin)
      .send({ status: 'banned', reason: '违规', effectiveDate: '2026-11-23' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('status');
    const noReason = await t.http
      .post(`/brokers/${brokerId}/status`)
      .set(as.admin)
      .send({ status: 'suspended', effectiveDate: '2026-11-23' })
      .expect(400);
    expect(noReason.body.details[0].field).toBe('reason');
    await t.http
      .post(`/brokers/${brokerId}/status`)
      .set(as.admin)
      .send({ status: 'suspended', reason: '资格证书过期', effectiveDate: '2026-11-23' })
      .expect(201);
    await t.http
      .post(`/brokers/${brokerId}/status`)
      .set(as.admin)
      .send({ status: 'suspended', reason: '再次停用', effectiveDate: '2026-11-24' })
      .expect(409);
    const res = await t.http.get(`/brokers/${brokerId}`).set(as.caseworker).expect(200);
    expect(res.body.status).toBe('suspended');
    expect(res.body.statusHistory).toEqual([
      expect.objectContaining({ status: 'active' }),
      expect.objectContaining({ status: 'suspended', reason: '资格证书过期', effectiveDate: '2026-11-23' }),
    ]);
    expect((await auditRows(t, 'broker', brokerId)).map((r) => r.action)).toContain('suspend');
  });
});

// ------------------------------------------------------------------------------------------
describe('training providers, courses and enrolments', () => {
  let providerId: number;
  let employerId: number;

  beforeAll(async () => {
    const p = await t.http
      .post('/training-providers')
      .set(as.caseworker)
      .send({
        name: `示范县职业技能培训学校${hanTag()}`,
        creditCode: creditCode(),
        contactName: '孙校长',
        contactPhone: '0451-12345678',
      })
      .expect(201);
    providerId = p.body.id;
    const e = await t.http.post('/employers').set(as.caseworker).send(employerBody()).expect(201);
    employerId = e.body.id;
  });

  const courseBody = (overrides: Record<string, unknown> = {}) => ({
    providerId,
    name: `报纸投递员定单培训班${hanTag()}`,
    specialty: '报纸投递',
    mode: 'order',
    startDate: '2026-12-01',
    endDate: '2026-12-07',
    hours: 56,
    subsidyPerTraineeFen: 60000,
    orderingEmployerId: employerId,
    ...overrides,
  });

  it('a provider with a bad credit code → 400 field creditCode', async () => {
    const res = await t.http
      .post('/training-providers')
      .set(as.caseworker)
      .send({
        name: `培训基地${hanTag()}`,
        creditCode: withWrongCreditCheck(creditCode()),
        contactName: '孙校长',
        contactPhone: '0451-12345678',
      })
      .expect(400);
    expect(res.body.details[0].field).toBe('creditCode');
  });

  it('a valid order course → 201', async () => {
    const body = courseBody();
    const res = await t.http.post('/courses').set(as.caseworker).send(body).expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(Number),
      mode: 'order',
      subsidyPerTraineeFen: 60000,
      orderingEmployerId: employerId,
      payee: 'provider',
    });
  });

  it('an order course without orderingEmployerId → 400 field orderingEmployerId, nothing written; with it → 201', async () => {
    const { orderingEmployerId: _omit, ...body } = courseBody();
    const res = await t.http.post('/courses').set(as.caseworker).send(body).expect(400);
    expect(res.body.details[0]).toEqual({
      field: 'orderingEmployerId',
      reason: expect.stringMatching(/须填写下单的用工单位/),
    });
    expect(await countCoursesNamed(t, body.name)).toBe(0);
    await t.http
      .post('/courses')
      .set(as.caseworker)
      .send({ ...body, orderingEmployerId: employerId })
      .expect(201);
  });

  it('a directed course also needs the employer; a commissioned course must not have one', async () => {
    const directed = courseBody({ mode: 'directed', orderingEmployerId: undefined });
    await t.http.post('/courses').set(as.caseworker).send(directed).expect(400);
    const commissioned = courseBody({ mode: 'commissioned' });
    const res = await t.http.post('/courses').set(as.caseworker).send(commissioned).expect(400);
    expect(res.body.details[0].field).toBe('orderingEmployerId');
    await t.http
      .post('/courses')
      .set(as.caseworker)
      .send(courseBody({ mode: 'commissioned', orderingEmployerId: undefined }))
      .expect(201);
  });

  it.each([
    ['a fraction of a fen (12.5)', 12.5],
    ['a numeric string ("80")', '80'],
    ['a negative amount (-1)', -1],
    ['zero', 0],
    ['null', null],
  ])('subsidyPerTraineeFen as %s → 400 field subsidyPerTraineeFen, nothing written', async (_label, value) => {
    const body = courseBody({ subsidyPerTraineeFen: value });
    const res = await t.http.post('/courses').set(as.caseworker).send(body).expect(400);
    expect(res.body.details[0]).toEqual({ field: 'subsidyPerTraineeFen', reason: expect.any(String) });
    expect(await countCoursesNamed(t, body.name)).toBe(0);
    const ok = await t.http
      .post('/courses')
      .set(as.caseworker)
      .send({ ...body, subsidyPerTraineeFen: 8000 })
      .expect(201);
    expect(ok.body.subsidyPerTraineeFen).toBe(8000);
  });

  it('an unknown course mode → 400 field mode; an end before the start → 400 field endDate', async () => {
    const mode = await t.http
      .post('/courses')
      .set(as.caseworker)
      .send(courseBody({ mode: 'online' }))
      .expect(400);
    expect(mode.body.details[0].field).toBe('mode');
    const dates = await t.http
      .post('/courses')
      .set(as.caseworker)
      .send(courseBody({ startDate: '2026-12-07', endDate: '2026-12-01' }))
      .expect(400);
    expect(dates.body.details[0].field).toBe('endDate');
  });

  it('enrol a worker → 201; the same worker again → 409; the enrolment list masks the ID', async () => {
    const course = await t.http.post('/courses').set(as.caseworker).send(courseBody()).expect(201);
    const { body, worker } = await createWorker();
    const e = await t.http
      .post(`/courses/${course.body.id}/enrollments`)
      .set(as.caseworker)
      .send({ workerId: worker.id })
      .expect(201);
    expect(e.body).toMatchObject({ courseId: course.body.id, workerId: worker.id, status: 'enrolled' });
    const again = await t.http
      .post(`/courses/${course.body.id}/enrollments`)
      .set(as.caseworker)
      .send({ workerId: worker.id })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'ENROLLMENT.EXISTS', existingId: e.body.id });
    const list = await t.http.get(`/courses/${course.body.id}/enrollments`).set(as.finance).expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].worker.citizenId).toBe(maskedId(body.citizenId as string));
    expect(JSON.stringify(list.body)).not.toContain(body.citizenId as string);
  });

  it('enrolling an unknown worker → 400 field workerId; finance may not enrol (403)', async () => {
    const course = await t.http.post('/courses').set(as.caseworker).send(courseBody()).expect(201);
    const res = await t.http
      .post(`/courses/${course.body.id}/enrollments`)
      .set(as.caseworker)
      .send({ workerId: 2000000000 })
      .expect(400);
    expect(res.body.details[0].field).toBe('workerId');
    const { worker } = await createWorker();
    await t.http
      .post(`/courses/${course.body.id}/enrollments`)
      .set(as.finance)
      .send({ workerId: worker.id })
      .expect(403);
  });
});

// ------------------------------------------------------------------------------------------
describe('audit trail', () => {
  it('creating a worker records actor username and role, the action and the request id', async () => {
    const requestId = `e2e-${tag()}`;
    const body = workerBody();
    const res = await t.http.post('/workers').set(as.caseworker).set('X-Request-Id', requestId).send(body).expect(201);
    expect(res.headers['x-request-id']).toBe(requestId);
    const audit = await t.http
      .get('/audit')
      .query({ entity: 'worker', id: String(res.body.id) })
      .set(as.admin)
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        entity: 'worker',
        entityId: String(res.body.id),
        action: 'create',
        actorName: caseworkerName,
        actorRole: 'caseworker',
        requestId,
        at: expect.any(String),
      }),
    ]);
    expect(audit.body.items[0].after).toMatchObject({ id: res.body.id, township: body.township });
  });

  it('an update records before and after values, and a request id even when the caller sent none', async () => {
    const { worker } = await createWorker({ notes: '旧备注' });
    await t.http
      .patch(`/workers/${worker.id}`)
      .set(as.caseworker)
      .send({ version: worker.version, notes: '新备注' })
      .expect(200);
    const rows = await auditRows(t, 'worker', worker.id);
    const update = rows.find((r) => r.action === 'update')!;
    expect(update).toMatchObject({
      actorName: caseworkerName,
      actorRole: 'caseworker',
      before: expect.objectContaining({ notes: '旧备注' }),
      after: expect.objectContaining({ notes: '新备注' }),
    });
    expect(update.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a refused (400) create writes no audit line', async () => {
    const [{ before }] = await t.db.query(
      `SELECT count(*)::int AS before FROM audit_log WHERE entity = 'worker' AND action = 'create'`,
    );
    const requestId = `e2e-bad-${tag()}`;
    await t.http
      .post('/workers')
      .set(as.caseworker)
      .set('X-Request-Id', requestId)
      .send(workerBody({ township: '不存在镇' }))
      .expect(400);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log WHERE "requestId" = $1', [requestId]);
    expect(n).toBe(0);
    expect(before).toBeGreaterThan(0);
  });

  // The app's role may not even try (test/least-privilege.e2e.ts); these show the trigger holds
  // for a role that may: the schema's owner.
  it('the database refuses UPDATE of an audit row, even by the owner, and the row is unchanged', async () => {
    const { worker } = await createWorker();
    const [row] = await auditRows(t, 'worker', worker.id);
    const owner = await ownerDb();
    try {
      await expect(owner.query('UPDATE audit_log SET action = $1 WHERE id = $2', ['x', row.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(
        owner.query('UPDATE audit_log SET action = $1 WHERE id = (SELECT max(id) FROM audit_log)', ['x']),
      ).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    const [after] = await auditRows(t, 'worker', worker.id);
    expect(after).toEqual(row);
  });

  it('the database refuses DELETE of an audit row, even by the owner, and the row is still there', async () => {
    const { worker } = await createWorker();
    const [row] = await auditRows(t, 'worker', worker.id);
    const owner = await ownerDb();
    try {
      await expect(owner.query('DELETE FROM audit_log WHERE id = $1', [row.id])).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)')).rejects.toThrow(
        /append-only/,
      );
    } finally {
      await owner.end();
    }
    expect(await auditRows(t, 'worker', worker.id)).toEqual([row]);
  });

  it('the database refuses TRUNCATE of the audit trail, even by the owner', async () => {
    const owner = await ownerDb();
    try {
      await owner.query('BEGIN');
      await expect(owner.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
    expect(n).toBeGreaterThan(0);
  });

  it('GET /audit with a malformed entity → 400', async () => {
    const res = await t.http.get('/audit').query({ entity: 'Worker; DROP' }).set(as.admin).expect(400);
    expect(res.body.details[0].field).toBe('entity');
  });
});

// ------------------------------------------------------------------------------------------
describe('policy values', () => {
  // A far-future date nobody else uses, so parallel test files cannot disturb it.
  const futureDate = () =>
    `${randomInt(2100, 3000)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;

  it('the seeded values are in force today: contract deadline 15 days, referral 8000 fen', async () => {
    const res = await t.http.get('/policies/in-force').set(as.caseworker).expect(200);
    expect(res.body).toMatchObject({
      'contract.deadline_days': 15,
      'referral.amount_fen': 8000,
      'referral.min_contract_months': 12,
      'training.placement_window_months': 6,
    });
    expect(res.body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const list = await t.http.get('/policies').set(as.finance).expect(200);
    const seeded = list.body.find(
      (p: { key: string; effectiveFrom: string }) =>
        p.key === 'referral.amount_fen' && p.effectiveFrom === '2000-01-01',
    );
    expect(seeded).toMatchObject({ value: 8000, unit: 'fen', source: expect.stringMatching(/^种子材料000/) });
    // Staff read every seeded source as it is stored: none is left in English.
    const seededSources = list.body
      .filter((p: { effectiveFrom: string }) => p.effectiveFrom === '2000-01-01')
      .map((p: { source: string }) => p.source);
    expect(seededSources.length).toBeGreaterThanOrEqual(27);
    expect(seededSources.filter((s: string) => /[A-Za-z]{3}/.test(s))).toEqual([]);
  });

  it('admin adds a value from a future date: in force from that date, not today; the same key and date again → 409', async () => {
    const date = futureDate();
    const today = (await t.http.get('/policies/in-force').set(as.admin).expect(200)).body;
    const add = await t.http
      .post('/policies')
      .set(as.admin)
      .send({ key: 'referral.amount_fen', value: 10000, effectiveFrom: date, source: '县人社局〔2100〕3号文' })
      .expect(201);
    expect(add.body).toMatchObject({ key: 'referral.amount_fen', value: 10000, effectiveFrom: date });
    const then = await t.http.get('/policies/in-force').query({ date }).set(as.admin).expect(200);
    expect(then.body).toMatchObject({
      asOf: date,
      'referral.amount_fen': 10000,
      'contract.deadline_days': today['contract.deadline_days'],
    });
    const now = await t.http.get('/policies/in-force').set(as.admin).expect(200);
    expect(now.body['referral.amount_fen']).toBe(today['referral.amount_fen']);
    expect(now.body['referral.amount_fen']).toBe(8000);
    const again = await t.http
      .post('/policies')
      .set(as.admin)
      .send({ key: 'referral.amount_fen', value: 12000, effectiveFrom: date, source: '重复' })
      .expect(409);
    expect(again.body.code).toBe('POLICY.DATE_TAKEN');
    expect((await auditRows(t, 'policy_value', add.body.id)).map((r) => r.action)).toEqual(['create']);
  });

  it.each([
    ['an unknown key', { key: 'referral.bonus_fen', value: 1 }, 'key'],
    ['a fractional value', { key: 'contract.deadline_days', value: 12.5 }, 'value'],
    ['a negative value', { key: 'contract.deadline_days', value: -1 }, 'value'],
    ['an impossible date', { key: 'contract.deadline_days', value: 20, effectiveFrom: '2101-02-30' }, 'effectiveFrom'],
  ])('POST /policies with %s → 400 naming the field', async (_label, body, field) => {
    const res = await t.http
      .post('/policies')
      .set(as.admin)
      .send({ effectiveFrom: futureDate(), source: '测试文件', ...body })
      .expect(400);
    expect(res.body.details[0].field).toBe(field);
  });

  it('an in-force query with an impossible date → 400', async () => {
    await t.http.get('/policies/in-force').query({ date: '2026-02-30' }).set(as.caseworker).expect(400);
  });
});
