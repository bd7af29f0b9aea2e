/**
 * Paying subsidies through the bank (代发), through the real API with a real worker on the
 * Temporal dev server and real Postgres: a county with a funding line has its approved claims
 * wait for a payout batch; the batch is built by one finance user and approved by another, the
 * bank file is a numbered document with its sha256; the bank's return file pays, fails and
 * reverses lines, lists unknown references and amount mismatches without changing anything; a
 * failed claim, its account corrected, goes into a later batch under a new reference, and is
 * never paid twice. Everything happens in a county of its own: other files' claims (in the
 * first county, without a funding line) are still paid at approval.
 */
import { createHash } from 'node:crypto';
import { shanghaiToday } from '../src/common/dates.js';
import { PayoutActivities } from '../src/payouts/payouts.activities.js';
import { createTestApp, TestApp } from './support/app.js';
import { bankAccountBody, brokerBody, employerBody, workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { newTownship, PNG } from './support/records.js';
import { binary, readXlsx, sheetRows } from './support/xlsx.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
let t: TestApp;
let cw: Auth;
let admin: Auth;
let fin1: { auth: Auth; username: string };
let fin2: { auth: Auth; username: string };
let town: string;
let fundingLineId: number;
let fundingLine2: number;
const today = () => shanghaiToday();
const year = () => Number(today().slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  const county = await countyOffice('付');
  admin = (await t.login('admin', { officeId: county })).auth;
  cw = (await t.login('caseworker', { officeId: county })).auth;
  fin1 = await t.login('finance', { officeId: county });
  fin2 = await t.login('finance', { officeId: county });
  town = (await newTownship(t, admin, '付')).name;
  // The county pays without a notice period here (the wait itself is payout-batch.test.ts's); the notice and its objections still apply.
  await t.http
    .post('/policies')
    .set(admin)
    .send({ key: 'payouts.notice_working_days', value: 0, effectiveFrom: today(), source: '测试：公示期不等待' })
    .expect(201);
  // 200 yuan: two referral claims (80 yuan each) fit, a third does not.
  const f = await t.http
    .post('/funding-lines')
    .set(fin1.auth)
    .send({ year: year(), name: '就业补助资金（职业介绍补贴）', budgetFen: 20000 });
  expect(f.status).toBe(201);
  expect(f.body).toMatchObject({ budgetFen: 20000, usedFen: 0, remainingFen: 20000, countyId: county });
  fundingLineId = f.body.id;
}, 120_000);
afterAll(() => t?.close());

const getClaim = async (id: number) => (await t.http.get(`/claims/${id}`).set(fin1.auth).expect(200)).body;
const getBatch = async (id: number) => (await t.http.get(`/payout-batches/${id}`).set(fin1.auth).expect(200)).body;

/** A broker's referral of a laid-off worker into a 24-month contract: an 80-yuan claim, approved by finance. */
async function approvedReferralClaim(k: { cw: Auth; fin: Auth; town: string } = { cw, fin: fin1.auth, town }) {
  const { cw, town } = k;
  const broker = (await t.http.post('/brokers').set(cw).send(brokerBody()).expect(201)).body;
  const worker = (
    await t.http
      .post('/workers')
      .set(cw)
      .send(workerBody({ township: town, categories: ['laid_off'] }))
      .expect(201)
  ).body;
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  const placement = (
    await t.http
      .post('/placements')
      .set(cw)
      .send({
        workerId: worker.id,
        employerId: employer.id,
        brokerId: broker.id,
        startDate: today(),
        job: '叉车司机',
        monthlyWageFen: 450000,
        destination: '辽宁省大连市甘井子区',
        organised: true,
      })
      .expect(201)
  ).body;
  await t.http
    .post(`/placements/${placement.id}/contract`)
    .set(cw)
    .field('signedOn', today())
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '劳动合同.png', contentType: 'image/png' })
    .expect(201);
  const [{ id }] = await waitFor(async () => {
    const rows = await t.db.query(`SELECT id FROM claims WHERE "placementId" = $1`, [placement.id]);
    return rows.length ? rows : null;
  }, 'the referral claim');
  const getClaim = async (id: number) => (await t.http.get(`/claims/${id}`).set(k.fin).expect(200)).body;
  await waitFor(async () => (await getClaim(id)).process, 'its approval process');
  await t.http.post(`/claims/${id}/approve`).set(k.fin).expect(200);
  const claim = await waitFor(async () => {
    const c = await getClaim(id);
    return c.status === 'approved' && c.process?.status === 'approved' ? c : null;
  }, `claim ${id} approved`);
  return { claim, broker };
}

function returnCsv(rows: (string | number)[][]): Buffer {
  const head = '业务参考号,处理结果,失败原因,处理日期,金额（元）';
  return Buffer.from(`\uFEFF${[head, ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`, 'utf8');
}
const upload = (batchId: number, buf: Buffer, name = '回盘.csv') =>
  t.http.post(`/payout-batches/${batchId}/returns`).set(fin1.auth).attach('file', buf, { filename: name });

async function issued(batchId: number) {
  return waitFor(async () => {
    const b = await getBatch(batchId);
    return b.status === 'awaiting_bank' && b.document ? b : null;
  }, `batch ${batchId} to issue its bank file`);
}

describe('payout batches and the bank', () => {
  let a: Awaited<ReturnType<typeof approvedReferralClaim>>;
  let b: Awaited<ReturnType<typeof approvedReferralClaim>>;
  let batch1: Record<string, any>;

  it('in a county with a funding line an approved claim waits for a batch: approved, no payout, no notice', async () => {
    a = await approvedReferralClaim();
    b = await approvedReferralClaim();
    expect(a.claim.payout).toBeNull();
    expect(a.claim.documents).toEqual([]);
    expect(a.claim.payments).toEqual([]);
  }, 120_000);

  it('finance builds a batch: one line per claim with references never reused, totals by kind and township, budget used', async () => {
    const res = await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId, claimIds: [a.claim.id, b.claim.id] });
    expect(res.status).toBe(201);
    batch1 = res.body;
    expect(batch1).toMatchObject({ status: 'built', lineCount: 2, totalFen: 16000, fileFormat: 'xlsx' });
    expect(batch1.number).toMatch(new RegExp(`^代发〔${year()}〕\\d+号$`));
    const refs = batch1.lines.map((l: { reference: string }) => l.reference);
    expect(new Set(refs).size).toBe(2);
    for (const r of refs) expect(r).toMatch(new RegExp(`^DF${year()}\\d{8}$`));
    expect(batch1.byKind).toEqual([{ key: 'referral', count: 2, amountFen: 16000 }]);
    expect(batch1.byTownship).toEqual([{ key: town, count: 2, amountFen: 16000 }]);
    expect(batch1.funding).toMatchObject({ budgetFen: 20000, usedFen: 16000, remainingFen: 4000 });
    expect((await getClaim(a.claim.id)).status).toBe('in_batch');
    // The reference is in the claim's audit trail.
    const trail = await t.db.query(
      `SELECT action FROM audit_log WHERE entity = 'claim' AND "entityId" = $1 AND after->>'reference' = $2`,
      [String(a.claim.id), refs[0]],
    );
    expect(trail.map((r: { action: string }) => r.action)).toContain('batched');
  });

  it('a claim already in a batch cannot go into another; a batch over the remaining budget is refused with the figures, nothing written', async () => {
    const again = await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId, claimIds: [a.claim.id] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PAYOUT.CLAIM_NOT_PAYABLE');
    expect(again.body.message).toContain('代发中');

    const c = await approvedReferralClaim();
    const d = await approvedReferralClaim();
    const batchesBefore = (await t.db.query(`SELECT count(*)::int AS n FROM payout_batches`))[0].n;
    const over = await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId, claimIds: [c.claim.id, d.claim.id] });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('PAYOUT.OVER_BUDGET');
    expect(over.body.message).toContain('本批代发合计160.00元');
    expect(over.body.message).toContain('剩余额度40.00元');
    expect(over.body.message).toContain('年度预算200.00元，已使用160.00元');
    expect(over.body).toMatchObject({ remainingFen: 4000, totalFen: 16000, budgetFen: 20000, usedFen: 16000 });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM payout_batches`))[0].n).toBe(batchesBefore);
    expect((await getClaim(c.claim.id)).status).toBe('approved');
  }, 180_000);

  it('the maker cannot approve the batch; a second finance user does, and the bank file is issued as a numbered document with its sha256', async () => {
    const own = await t.http.post(`/payout-batches/${batch1.id}/approve`).set(fin1.auth);
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('PAYOUT.MAKER_CHECKER');
    const early = await upload(batch1.id, returnCsv([[batch1.lines[0].reference, '成功', '', today(), '80.00']]));
    expect(early.status).toBe(409);

    await t.http.post(`/payout-batches/${batch1.id}/approve`).set(fin2.auth).expect(200);
    const b1 = await issued(batch1.id);
    expect(b1.approvedBy).toBe(fin2.username);
    expect(b1.document.number).toMatch(new RegExp(`代〔${year()}〕\\d+号$`));
    expect(b1.lines.every((l: { status: string }) => l.status === 'sent')).toBe(true);
    const file = await t.http
      .get(`/payout-batches/${batch1.id}/file`)
      .set(fin1.auth)
      .buffer(true)
      .parse(binary as never);
    expect(file.status).toBe(200);
    expect(createHash('sha256').update(file.body).digest('hex')).toBe(b1.file.sha256);
    const rows = sheetRows((await readXlsx(file.body)).worksheets[0]);
    expect(rows[0]).toEqual(['序号', '业务参考号', '收款人姓名', '开户银行', '收款账号', '金额（元）', '用途']);
    const accounts = await t.db.query(`SELECT "bankAccount" FROM brokers WHERE id = $1`, [a.broker.id]);
    expect(rows.slice(1)).toContainEqual([
      expect.any(String),
      b1.lines.find((l: { claimId: number }) => l.claimId === a.claim.id).reference,
      a.broker.name,
      expect.any(String),
      accounts[0].bankAccount,
      '80.00',
      expect.stringContaining('职业介绍补贴'),
    ]);
    // The document prints the account's last four digits only; its data names the file's hash.
    const doc = await t.http.get(`/documents/${b1.document.id}`).set(fin1.auth).expect(200);
    expect(doc.text).toContain(b1.file.sha256);
    expect(doc.text).toContain(accounts[0].bankAccount.slice(-4));
    expect(doc.text).not.toContain(accounts[0].bankAccount);
  }, 60_000);

  it("the bank's answer: one paid, one failed (closed account), one unknown reference — the unknown changes nothing", async () => {
    const lineOf = (claimId: number) => batch1.lines.find((l: { claimId: number }) => l.claimId === claimId);
    const bad = await upload(batch1.id, returnCsv([[lineOf(b.claim.id).reference, '失败', '', today(), '80.00']]));
    expect(bad.status).toBe(422);
    expect(bad.body.details[0].reason).toContain('没有失败原因');

    const res = await upload(
      batch1.id,
      returnCsv([
        [lineOf(a.claim.id).reference, '成功', '', today(), '80.00'],
        [lineOf(b.claim.id).reference, '失败', '账户已销户', today(), '80.00'],
        [`DF${year()}99999999`, '成功', '', today(), '80.00'],
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ paid: 1, failed: 1, reversed: 0, unknown: [`DF${year()}99999999`], open: 0 });
    const paid = await waitFor(async () => {
      const c = await getClaim(a.claim.id);
      return c.documents.length ? c : null;
    }, 'the paid claim and its notice');
    expect(paid.status).toBe('paid');
    expect(paid.payout).toMatchObject({ paidOn: today(), reference: lineOf(a.claim.id).reference, reversedOn: null });
    const failed = await getClaim(b.claim.id);
    expect(failed.status).toBe('payment_failed');
    expect(failed.payout).toBeNull();
    expect(failed.payments).toMatchObject([{ status: 'failed', failReason: '账户已销户' }]);
    const tasks = await t.db.query(
      `SELECT kind, role, township, "closedAt" FROM tasks WHERE "subjectType" = 'claim' AND "subjectId" = $1 AND kind = 'payment_failed'`,
      [b.claim.id],
    );
    expect(tasks).toEqual([{ kind: 'payment_failed', role: 'caseworker', township: town, closedAt: null }]);
    expect((await getBatch(batch1.id)).status).toBe('reconciled');
  }, 60_000);

  it('an amount mismatch is listed and changes nothing; a reversal later turns the paid line back to failed', async () => {
    const ref = batch1.lines.find((l: { claimId: number }) => l.claimId === a.claim.id).reference;
    const mismatch = await upload(batch1.id, returnCsv([[ref, '失败', '户名不符', today(), '99.00']]));
    expect(mismatch.body).toMatchObject({ mismatched: [ref], reversed: 0 });
    expect((await getClaim(a.claim.id)).status).toBe('paid');

    const reversal = await upload(batch1.id, returnCsv([[ref, '退汇', '户名不符', today(), '80.00']]));
    expect(reversal.body).toMatchObject({ reversed: 1 });
    const c = await getClaim(a.claim.id);
    expect(c.status).toBe('payment_failed');
    expect(c.payout).toMatchObject({ reversedOn: today(), reversalReason: '户名不符' });
  });

  it('the corrected claim goes into a later batch under a new reference and is paid once; a second live line for a claim is refused by the database', async () => {
    const same = await t.http.post(`/payment-failures/${b.claim.id}/corrected`).set(cw);
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('PAYOUT.ACCOUNT_UNCHANGED');
    const failures = await t.http.get('/payment-failures').set(cw).expect(200);
    expect(failures.body.items.map((f: { claimId: number }) => f.claimId)).toEqual(
      expect.arrayContaining([a.claim.id, b.claim.id]),
    );

    const { version } = (await t.http.get(`/brokers/${b.broker.id}`).set(cw).expect(200)).body;
    await t.http
      .patch(`/brokers/${b.broker.id}`)
      .set(cw)
      .send({ version, ...bankAccountBody() })
      .expect(200);
    const ok = await t.http.post(`/payment-failures/${b.claim.id}/corrected`).set(cw).expect(200);
    expect(ok.body).toMatchObject({ claimId: b.claim.id, status: 'approved' });
    const open = await t.db.query(
      `SELECT count(*)::int AS n FROM tasks WHERE "subjectType" = 'claim' AND "subjectId" = $1 AND kind = 'payment_failed' AND "closedAt" IS NULL`,
      [b.claim.id],
    );
    expect(open[0].n).toBe(0);

    const res = await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId, claimIds: [b.claim.id] });
    expect(res.status).toBe(201);
    const oldRef = batch1.lines.find((l: { claimId: number }) => l.claimId === b.claim.id).reference;
    const newRef = res.body.lines[0].reference;
    expect(newRef).not.toBe(oldRef);
    await t.http.post(`/payout-batches/${res.body.id}/approve`).set(fin2.auth).expect(200);
    await issued(res.body.id);
    const answer = await upload(res.body.id, returnCsv([[newRef, '成功', '', today(), '80.00']]));
    expect(answer.body).toMatchObject({ paid: 1, open: 0 });
    const c = await getClaim(b.claim.id);
    expect(c.status).toBe('paid');
    expect(c.payout.reference).toBe(newRef);
    expect(c.payments.map((p: { reference: string; status: string }) => [p.reference, p.status])).toEqual([
      [oldRef, 'failed'],
      [newRef, 'paid'],
    ]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM payouts WHERE "claimId" = $1`, [b.claim.id]))[0].n).toBe(
      1,
    );
    await expect(
      t.db.query(
        `INSERT INTO payout_lines ("batchId", "claimId", reference, "payeeName", "bankName", "bankAccount", "amountFen", status)
         VALUES ($1, $2, 'DFTEST-TWICE', 'x', 'y', '6228', 8000, 'sent')`,
        [res.body.id, b.claim.id],
      ),
    ).rejects.toThrow(/UQ_payout_lines_one_live_per_claim/);

    // Reconciled, then closed by finance; a closed batch takes no more returns.
    await t.http.post(`/payout-batches/${res.body.id}/close`).set(fin1.auth).expect(200);
    await waitFor(async () => (await getBatch(res.body.id)).status === 'closed', 'the batch closed');
    const late = await upload(res.body.id, returnCsv([[newRef, '成功', '', today(), '80.00']]));
    expect(late.status).toBe(409);
  }, 120_000);

  it('公示: the public page shows the lines masked without a login; an objection holds its line out of the bank file until a caseworker resolves it', async () => {
    const e = await approvedReferralClaim();
    const f = await approvedReferralClaim();
    const second = await t.http
      .post('/funding-lines')
      .set(fin1.auth)
      .send({ year: year(), name: '就业补助资金（职业介绍补贴二）', budgetFen: 100000 })
      .expect(201);
    fundingLine2 = second.body.id;
    const built = await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId: fundingLine2, claimIds: [e.claim.id, f.claim.id] });
    expect(built.status).toBe(201);
    const batch = built.body;
    expect(batch).toMatchObject({ noticeFrom: today(), noticeUntil: today() });
    expect(batch.noticeDocumentId).toEqual(expect.any(Number));

    const page = await t.http.get(`/public/payout-notices/${batch.id}`);
    expect(page.status).toBe(200);
    const worker = (
      await t.db.query(
        `SELECT w.name, w."citizenId" FROM workers w JOIN claims c ON c."workerId" = w.id WHERE c.id = $1`,
        [e.claim.id],
      )
    )[0];
    expect(page.text).toContain(`${[...worker.name][0]}*`);
    expect(page.text).not.toContain(worker.name);
    expect(page.text).not.toContain(worker.citizenId);
    expect(page.text).toContain(`${worker.citizenId.slice(0, 6)}********${worker.citizenId.slice(14)}`);
    expect(page.text).toContain('职业介绍补贴');
    expect(page.text).toContain('80.00');
    const printed = await t.http.get(`/documents/${batch.noticeDocumentId}`).set(fin1.auth).expect(200);
    expect(printed.text).toContain('补贴资金发放公示');
    expect(printed.text).not.toContain(worker.citizenId);

    const lineE = batch.lines.find((l: { claimId: number }) => l.claimId === e.claim.id);
    const objection = await t.http
      .post(`/payout-batches/${batch.id}/objections`)
      .set(cw)
      .send({ lineId: lineE.id, objector: '匿名', content: '该人员实际未在该单位上岗' });
    expect(objection.status).toBe(201);
    expect((await getClaim(e.claim.id)).status).toBe('held');

    await t.http.post(`/payout-batches/${batch.id}/approve`).set(fin2.auth).expect(200);
    const issuedBatch = await issued(batch.id);
    const byClaim = (id: number) => issuedBatch.lines.find((l: { claimId: number }) => l.claimId === id);
    expect(byClaim(e.claim.id).status).toBe('dropped');
    expect(byClaim(f.claim.id).status).toBe('sent');
    const file = await t.http
      .get(`/payout-batches/${batch.id}/file`)
      .set(fin1.auth)
      .buffer(true)
      .parse(binary as never);
    const refs = sheetRows((await readXlsx(file.body)).worksheets[0]).map((r) => r[1]);
    expect(refs).toContain(byClaim(f.claim.id).reference);
    expect(refs).not.toContain(byClaim(e.claim.id).reference);
    // The letter states what the file pays: one line of 80 yuan, not the batch's two.
    const letter = (await t.http.get(`/documents/${issuedBatch.document.id}`).set(fin1.auth).expect(200)).text;
    expect(letter).toContain('本批共1笔');
    expect(letter).toContain('（小写 ¥80.00元）');
    // Too late now: the line is no longer waiting for the file.
    const late = await t.http
      .post(`/payout-batches/${batch.id}/objections`)
      .set(cw)
      .send({ lineId: byClaim(f.claim.id).id, objector: '王某', content: '重复领取' });
    expect(late.status).toBe(409);

    // Dismissed: the claim goes ahead, into a later batch.
    const resolved = await t.http
      .post(`/payout-objections/${objection.body.id}/resolve`)
      .set(cw)
      .send({ decision: 'dismissed', note: '经核实已在该单位上岗，异议不成立' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'dismissed', claimStatus: 'approved' });
    expect((await getClaim(e.claim.id)).status).toBe('approved');
    const again = await t.http
      .post(`/payout-objections/${objection.body.id}/resolve`)
      .set(cw)
      .send({ decision: 'upheld', note: '重复处理' });
    expect(again.status).toBe(409);
  }, 180_000);

  it('an upheld objection rejects the claim with the finding as its reason, and its line leaves the batch', async () => {
    const g = await approvedReferralClaim();
    const built = await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId, claimIds: [g.claim.id] });
    expect(built.status).toBe(201);
    const o = await t.http
      .post(`/payout-batches/${built.body.id}/objections`)
      .set(cw)
      .send({ lineId: built.body.lines[0].id, objector: '李某', content: '介绍人是本人亲属，虚报介绍' });
    expect(o.status).toBe(201);
    // Its only line held: approving would issue an empty bank file, so it is refused.
    const empty = await t.http.post(`/payout-batches/${built.body.id}/approve`).set(fin2.auth);
    expect(empty.status).toBe(409);
    expect(empty.body.code).toBe('PAYOUT.NOTHING_LEFT');
    expect(empty.body.message).toContain('1笔因公示异议暂缓');
    expect((await getBatch(built.body.id)).status).toBe('built');
    const r = await t.http
      .post(`/payout-objections/${o.body.id}/resolve`)
      .set(cw)
      .send({ decision: 'upheld', note: '经核实介绍关系不实' });
    expect(r.body).toMatchObject({ status: 'upheld', claimStatus: 'rejected' });
    const c = await getClaim(g.claim.id);
    expect(c).toMatchObject({ status: 'rejected', lastReason: '公示异议成立：经核实介绍关系不实' });
    expect((await getBatch(built.body.id)).lines[0].status).toBe('dropped');
    expect((await t.http.post(`/payout-batches/${built.body.id}/approve`).set(fin2.auth)).body.code).toBe(
      'PAYOUT.NOTHING_LEFT',
    );
    await t.http
      .post(`/payout-batches/${built.body.id}/cancel`)
      .set(fin1.auth)
      .send({ reason: '唯一明细已驳回' })
      .expect(200);
  }, 120_000);

  it('junk input is refused with a 4xx naming the field, never a 500', async () => {
    for (const body of [
      {},
      { fundingLineId: 'x' },
      { fundingLineId: 1, claimIds: [] },
      { fundingLineId: 1, format: 'pdf' },
    ]) {
      const r = await t.http.post('/payout-batches').set(fin1.auth).send(body);
      expect(r.status).toBe(400);
    }
    expect((await t.http.post('/payout-batches').set(fin1.auth).send({ fundingLineId: 999999 })).status).toBe(404);
    expect(
      (await t.http.post('/funding-lines').set(fin1.auth).send({ year: 1999, name: 'x', budgetFen: -1 })).status,
    ).toBe(400);
    const dup = await t.http
      .post('/funding-lines')
      .set(fin1.auth)
      .send({ year: year(), name: '就业补助资金（职业介绍补贴）', budgetFen: 1 });
    expect(dup.status).toBe(409);
    const binaryJunk = await upload(batch1.id, Buffer.from([0, 1, 2, 3, 0, 0, 0]), 'x.bin');
    expect([400, 415, 422]).toContain(binaryJunk.status);
    expect(binaryJunk.body.message).toMatch(/[\u4e00-\u9fff]/);
    const noHeader = await upload(batch1.id, Buffer.from('a,b\n1,2\n'));
    expect(noHeader.status).toBeGreaterThanOrEqual(400);
    expect(noHeader.status).toBeLessThan(500);
    expect((await t.http.post(`/payout-batches/${batch1.id}/cancel`).set(fin1.auth).send({ reason: 'x' })).status).toBe(
      400,
    );
    expect((await t.http.get('/payout-batches/abc').set(fin1.auth)).status).toBe(400);
    expect((await t.http.post('/payout-batches').set(cw).send({ fundingLineId })).status).toBe(403);
  });

  it("the claims summary shows where this county's claims stand in payment, with fen totals, and each funding line's budget used and left", async () => {
    const s = (await t.http.get('/claims/summary').set(fin1.auth).query({ from: today(), to: today() }).expect(200))
      .body;
    expect(s.payment).toEqual({
      approved: { count: 3, amountFen: 24000 },
      inNotice: { count: 0, amountFen: 0 },
      held: { count: 0, amountFen: 0 },
      inBatch: { count: 1, amountFen: 8000 },
      paid: { count: 1, amountFen: 8000 },
      failed: { count: 1, amountFen: 8000 },
      resent: { count: 1, amountFen: 8000 },
    });
    expect(s.funding).toEqual([
      expect.objectContaining({ id: fundingLineId, budgetFen: 20000, usedFen: 8000, remainingFen: 12000 }),
      expect.objectContaining({ id: fundingLine2, budgetFen: 100000, usedFen: 8000, remainingFen: 92000 }),
    ]);
  });

  it('the monthly report shows the same standing and the funding lines, counts approved claims whatever their payment state, and prints them', async () => {
    const month = today().slice(0, 7);
    const s = (await t.http.get('/claims/summary').set(fin1.auth).query({ from: today(), to: today() }).expect(200))
      .body;
    const f = (await t.http.get('/reports/monthly').set(admin).query({ month }).expect(200)).body;
    expect(f.claims.payment).toEqual(s.payment);
    expect(f.claims.funding).toEqual([
      { id: fundingLineId, name: '就业补助资金（职业介绍补贴）', budgetFen: 20000, usedFen: 8000, remainingFen: 12000 },
      expect.objectContaining({ id: fundingLine2, budgetFen: 100000, usedFen: 8000, remainingFen: 92000 }),
    ]);
    // Approved this month: every approved claim of the county, in a batch, held, paid or failed alike.
    const p = f.claims.payment;
    const decided = p.approved.count + p.inBatch.count + p.held.count + p.paid.count + p.failed.count;
    expect(f.claims.month.approved.referral.count).toBe(decided);
    expect(f.claims.month.approved.referral.amountFen).toBe(
      p.approved.amountFen + p.inBatch.amountFen + p.held.amountFen + p.paid.amountFen + p.failed.amountFen,
    );
    const doc = (await t.http.post(`/reports/monthly/${month}/document`).set(admin).send({}).expect(201)).body;
    const html = (await t.http.get(`/documents/${doc.id}`).set(admin).expect(200)).text;
    expect(html).toContain('补贴资金代发情况');
    expect(html).toMatch(/代发失败待更正<\/th><td>1<\/td><td>80\.00<\/td>/);
    expect(html).toMatch(/就业补助资金（职业介绍补贴）<\/td><td>200\.00<\/td><td>80\.00<\/td><td>120\.00<\/td>/);
  });

  it('a payment reversed, its account corrected and paid again, gets a notice of the new payment; the first notice stays', async () => {
    const first = (await getClaim(a.claim.id)).documents;
    expect(first).toHaveLength(1);
    const { version } = (await t.http.get(`/brokers/${a.broker.id}`).set(cw).expect(200)).body;
    await t.http
      .patch(`/brokers/${a.broker.id}`)
      .set(cw)
      .send({ version, ...bankAccountBody() })
      .expect(200);
    await t.http.post(`/payment-failures/${a.claim.id}/corrected`).set(cw).expect(200);
    const res = await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId, claimIds: [a.claim.id] })
      .expect(201);
    const ref = res.body.lines[0].reference;
    await t.http.post(`/payout-batches/${res.body.id}/approve`).set(fin2.auth).expect(200);
    await issued(res.body.id);
    await upload(res.body.id, returnCsv([[ref, '成功', '', today(), '80.00']])).expect(200);
    const c = await waitFor(async () => {
      const x = await getClaim(a.claim.id);
      return x.documents.length === 2 ? x : null;
    }, 'the notice of the new payment');
    expect(c.status).toBe('paid');
    expect(c.documents[0].id).toBe(first[0].id);
    const latest = await t.http.get(`/documents/${c.documents[1].id}`).set(fin1.auth).expect(200);
    expect(latest.text).toContain(ref);
    const earlier = await t.http.get(`/documents/${first[0].id}`).set(fin1.auth).expect(200);
    expect(earlier.text).not.toContain(ref);
  }, 120_000);

  it('the once-per-window referral rule is judged again at batching: a repeat that slipped through is refused, nothing written', async () => {
    const x = await approvedReferralClaim();
    const y = await approvedReferralClaim();
    // Both approved; then the two workers turn out to be one person and y's records are merged into x's worker.
    const [{ workerId }] = await t.db.query(`SELECT "workerId" FROM claims WHERE id = $1`, [x.claim.id]);
    await t.db.query(`UPDATE placements SET "workerId" = $1 WHERE id = $2`, [workerId, y.claim.placementId]);
    await t.db.query(`UPDATE claims SET "workerId" = $1 WHERE id = $2`, [workerId, y.claim.id]);
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM payout_batches`))[0].n;
    const res = await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId: fundingLine2, claimIds: [x.claim.id, y.claim.id] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PAYOUT.REPEAT_REFERRAL');
    expect(res.body.message).toContain(`补贴申请${y.claim.number}不能编入代发批次`);
    expect(res.body.message).toContain(x.claim.number);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM payout_batches`))[0].n).toBe(before);
    expect((await getClaim(y.claim.id)).status).toBe('approved');
    // The earlier claim alone goes ahead.
    await t.http
      .post('/payout-batches')
      .set(fin1.auth)
      .send({ fundingLineId: fundingLine2, claimIds: [x.claim.id] })
      .expect(201);
  }, 180_000);
});

describe('objections raised after approval', () => {
  it('every line held when the notice ends: no empty bank file; the batch closes without one and finance is told', async () => {
    // A county with the default notice (5 working days), so objections can still come after approval.
    const county = await countyOffice('异');
    const kAdmin = (await t.login('admin', { officeId: county })).auth;
    const k = {
      cw: (await t.login('caseworker', { officeId: county })).auth,
      fin: (await t.login('finance', { officeId: county })).auth,
      town: (await newTownship(t, kAdmin, '异')).name,
    };
    const checker = (await t.login('finance', { officeId: county })).auth;
    const line = await t.http
      .post('/funding-lines')
      .set(k.fin)
      .send({ year: year(), name: '就业补助资金（职业介绍补贴）', budgetFen: 20000 })
      .expect(201);
    const { claim } = await approvedReferralClaim(k);
    const built = (
      await t.http
        .post('/payout-batches')
        .set(k.fin)
        .send({ fundingLineId: line.body.id, claimIds: [claim.id] })
        .expect(201)
    ).body;
    expect(built.noticeUntil > today()).toBe(true);
    await t.http.post(`/payout-batches/${built.id}/approve`).set(checker).expect(200);
    const objection = await t.http
      .post(`/payout-batches/${built.id}/objections`)
      .set(k.cw)
      .send({ lineId: built.lines[0].id, objector: '匿名', content: '该人员实际未在该单位上岗' })
      .expect(201);

    // What the process runs once the notice has ended (its wait is payout-batch.test.ts's), twice as a retry would.
    const acts = t.app.get(PayoutActivities);
    expect(await acts.issueBankFile({ batchId: built.id })).toEqual({ documentId: null });
    expect(await acts.issueBankFile({ batchId: built.id })).toEqual({ documentId: null });
    const after = (await t.http.get(`/payout-batches/${built.id}`).set(k.fin).expect(200)).body;
    expect(after).toMatchObject({ status: 'closed', document: null, file: null });
    expect(after.lines.map((l: { status: string }) => l.status)).toEqual(['dropped']);
    expect(await t.db.query(`SELECT "batchId" FROM payout_files WHERE "batchId" = $1`, [built.id])).toEqual([]);
    const audit = await t.db.query(
      `SELECT action, after FROM audit_log WHERE entity = 'payout_batch' AND "entityId" = $1 AND action = 'closed_nothing_to_pay'`,
      [String(built.id)],
    );
    expect(audit).toEqual([{ action: 'closed_nothing_to_pay', after: { status: 'closed', held: 1 } }]);
    const tasks = (await t.http.get('/tasks').set(k.fin).query({ queue: 'role' }).expect(200)).body.items.filter(
      (x: { kind: string }) => x.kind === 'payout_nothing_to_pay',
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0].title).toContain(`代发批次${built.number}公示期满，1笔明细均因公示异议暂缓，未生成代发文件`);
    const page = await t.http.get(`/console/payout-batches/${built.id}`).set(k.fin).expect(200);
    expect(page.text).toContain('id="nothing-to-pay"');
    expect((await t.http.get(`/payout-batches/${built.id}/file`).set(k.fin).expect(409)).body.code).toBe(
      'PAYOUT.NOTHING_PAID',
    );

    // The objection dismissed: the claim waits for a later batch.
    const resolved = await t.http
      .post(`/payout-objections/${objection.body.id}/resolve`)
      .set(k.cw)
      .send({ decision: 'dismissed', note: '经核实已在该单位上岗，异议不成立' })
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'dismissed', claimStatus: 'approved' });
  }, 180_000);
});
