/**
 * 求职登记台账 through the ledger import, a real .xlsx built by exceljs: the preview with every
 * bad row's reason in Chinese naming its column, confirm, the ledgerImport workflow on a real
 * worker registering through the job-seekers service (policy period, audit with the import's row),
 * a standing registration left alone, a lapsed one renewed or replaced, one that differs refused;
 * a worker killed mid-row counting each row once; the same sheet again changing nothing; the
 * template; and the console's ledger page offering the kind.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { LedgerImportsService } from '../src/ledgers/ledger-imports.service.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, signedInPage, submitAndWait } from './support/browser.js';
import { auditRows, citizenId, hanTag, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';
import { binary, readXlsx, sheetRows } from './support/xlsx.js';
import ExcelJS from 'exceljs';

type User = { auth: { Authorization: string }; userId: number; username: string; password: string };
let t: TestApp;
let cw: User;
let township: string;
const today = shanghaiToday();
const HEADERS = ['姓名', '身份证号', '求职意向', '意向务工地', '期望月工资(元)', '可上岗日期', '培训意愿', '备注'];

/** The sheet as a township station writes it: a title row, then the header; ID numbers as text. */
async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('求职登记');
  ws.addRow([`${township}求职登记台账`]);
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(2).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (file: Buffer) =>
  t.http
    .post('/imports')
    .set(cw.auth)
    .field('kind', 'job_seekers')
    .attach('file', file, { filename: '求职登记台账.xlsx', contentType: 'application/octet-stream' });

async function confirmAndWait(id: number) {
  expect((await t.http.post(`/imports/${id}/confirm`).set(cw.auth).expect(202)).body.status).toBe('running');
  return waitFor(async () => {
    const r = await t.http.get(`/imports/${id}`).set(cw.auth).expect(200);
    return r.body.status === 'completed' ? r.body : null;
  }, `import ${id} to complete`);
}

async function person() {
  const id = citizenId({ birth: '1985-06-07' }).id;
  const w = (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ citizenId: id, township }))
      .expect(201)
  ).body as { id: number; name: string };
  return { ...w, citizenId: id };
}

const standing = async (workerId: number) =>
  t.db.query(
    `SELECT id, jobs, destinations, "expectedWageFen", to_char("availableFrom", 'YYYY-MM-DD') AS "availableFrom", "wantsTraining",
            source, notes, "registeredBy", to_char("registeredOn", 'YYYY-MM-DD') AS "registeredOn", to_char("validUntil", 'YYYY-MM-DD') AS "validUntil",
            to_char("withdrawnOn", 'YYYY-MM-DD') AS "withdrawnOn", "withdrawnReason"
       FROM job_seekers WHERE "workerId" = $1 ORDER BY id`,
    [workerId],
  );

const registerAtWindow = async (workerId: number, body: Record<string, unknown>) =>
  (
    await t.http
      .post('/job-seekers')
      .set(cw.auth)
      .send({ workerId, wantsTraining: false, source: 'window', ...body })
      .expect(201)
  ).body as { id: number };

/** A registration made long ago and now past its validity. */
const lapse = (id: number) =>
  t.db.query(`UPDATE job_seekers SET "registeredOn" = $2, "validUntil" = $3 WHERE id = $1`, [
    id,
    addDays(today, -200),
    addDays(today, -110),
  ]);

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('admin');
  cw = await t.login('caseworker');
  township = `求${hanTag(4)}镇`;
  await t.http.post('/townships').set(admin.auth).send({ name: township, yearlyTarget: 10 }).expect(201);
}, 120_000);
afterAll(() => t?.close());

describe('求职登记台账 (job_seekers)', () => {
  const from = addDays(today, 10);
  let full: Awaited<ReturnType<typeof person>>; // new, every column
  let bare: Awaited<ReturnType<typeof person>>; // new, only what is required
  let same: Awaited<ReturnType<typeof person>>; // registered at the window with the same wish
  let differs: Awaited<ReturnType<typeof person>>; // registered at the window with another wage
  let renewed: Awaited<ReturnType<typeof person>>; // lapsed, the same wish
  let replaced: Awaited<ReturnType<typeof person>>; // lapsed, another wish
  let file: Buffer;
  let first: { id: number };
  let sameId: number;
  let renewedId: number;
  let replacedId: number;

  it('previews the sheet: two to register, two lapsed ones to renew or replace, one unchanged; every bad row refused naming its column', async () => {
    [full, bare, same, differs, renewed, replaced] = await Promise.all([0, 1, 2, 3, 4, 5].map(() => person()));
    const unknown = citizenId({ birth: '1980-01-01' }).id;
    const [w1, w2, w3, w4, w5] = await Promise.all([0, 1, 2, 3, 4].map(() => person()));
    sameId = (await registerAtWindow(same.id, { jobs: ['电焊工'], availableFrom: from })).id;
    await registerAtWindow(differs.id, { jobs: ['电焊工'], availableFrom: from, expectedWageFen: 300000 });
    renewedId = (await registerAtWindow(renewed.id, { jobs: ['保洁'], destinations: ['大连'], availableFrom: from }))
      .id;
    replacedId = (await registerAtWindow(replaced.id, { jobs: ['保洁'], availableFrom: from })).id;
    await lapse(renewedId);
    await lapse(replacedId);

    file = await xlsxOf([
      /* 3 */ [full.name, full.citizenId, '采棉工、建筑小工', '新疆，甘肃', '3,500', from, '是', '夫妻同去'],
      /* 4 */ ['', bare.citizenId, '装卸工', '', '', `${from.replace(/-/g, '/')}`, '', ''],
      /* 5 */ [same.name, same.citizenId, '电焊工', '', '', from, '否', ''],
      /* 6 */ [differs.name, differs.citizenId, '电焊工', '', 4000, from, '否', ''],
      /* 7 */ [renewed.name, renewed.citizenId, '保洁', '大连', '', from, '', ''],
      /* 8 */ [replaced.name, replaced.citizenId, '保洁、家政', '', 3200, from, '是', ''],
      /* 9 */ ['', unknown, '装卸工', '', '', from, '', ''],
      /* 10 */ ['别人', w1.citizenId, '装卸工', '', '', from, '', ''],
      /* 11 */ [w2.name, w2.citizenId, '', '', '', from, '', ''],
      /* 12 */ [w3.name, w3.citizenId, '装卸工', '', '三千', from, '也许', ''],
      /* 13 */ [w4.name, w4.citizenId, '装卸工', '', '', addDays(today, 400), '', ''],
      /* 14 */ [w5.name, w5.citizenId, '装'.repeat(31), '', '', '明年春天', '', ''],
      /* 15 */ [full.name, full.citizenId, '采棉工', '', '', from, '', ''],
    ]);
    const res = await upload(file).expect(201);
    expect(res.body).toMatchObject({
      kind: 'job_seekers',
      kindLabel: '求职登记台账',
      status: 'preview',
      headerRow: 2,
      total: 13,
    });
    expect(res.body.preview).toEqual({ created: 2, updated: 2, unchanged: 1, rejected: 8 });
    first = res.body;
    const reasons: Record<number, string> = Object.fromEntries(
      res.body.rejectedRows.map((r: { rowNo: number; reasons: string[] }) => [r.rowNo, r.reasons.join('；')]),
    );
    expect(Object.keys(reasons).map(Number)).toEqual([6, 9, 10, 11, 12, 13, 14, 15]);
    expect(reasons[6]).toMatch(/已有有效的求职登记（有效期至\d{4}-\d\d-\d\d），与本行的期望月工资不同/);
    expect(reasons[9]).toMatch(/还没有在系统登记/);
    expect(reasons[10]).toMatch(/姓名“别人”与系统中该身份证号的姓名/);
    expect(reasons[11]).toMatch(/求职意向为空/);
    expect(reasons[12]).toMatch(/期望月工资：“三千”不是金额/);
    expect(reasons[12]).toMatch(/培训意愿：“也许”应填“是”或“否”/);
    expect(reasons[13]).toMatch(/可上岗日期不能晚于今天起一年/);
    expect(reasons[14]).toMatch(/可上岗日期：“明年春天”不是可识别的日期/);
    expect(reasons[15]).toMatch(/与第3行重复/);
    // A refused row's reasons never repeat an ID number.
    expect(JSON.stringify(Object.values(reasons))).not.toMatch(/\d{17}[\dX]/);
    const changes = Object.fromEntries(
      res.body.updatedRows.map((r: { rowNo: number; changes: string[] }) => [r.rowNo, r.changes]),
    );
    expect(changes).toEqual({ 7: ['有效期'], 8: ['求职意向', '期望月工资', '培训意愿', '有效期'] });
    // Nothing written by the preview.
    expect(await standing(full.id)).toEqual([]);
    expect((await standing(renewed.id))[0].validUntil).toBe(addDays(today, -110));
  });

  it('confirmed, registers through the job-seekers service: the policy period, the source, the audit naming the row', async () => {
    const done = await confirmAndWait(first.id);
    expect(done.result).toEqual({ created: 2, updated: 2, unchanged: 1, rejected: 8 });
    const [s] = await standing(full.id);
    expect(s).toMatchObject({
      jobs: ['采棉工', '建筑小工'],
      destinations: ['新疆', '甘肃'],
      expectedWageFen: 350000,
      availableFrom: from,
      wantsTraining: true,
      source: 'ledger_import',
      notes: '夫妻同去',
      registeredBy: cw.username,
      registeredOn: today,
      validUntil: addDays(today, 90),
      withdrawnOn: null,
    });
    expect(await standing(bare.id)).toEqual([
      expect.objectContaining({ jobs: ['装卸工'], destinations: [], expectedWageFen: null, wantsTraining: false }),
    ]);
    const api = (await t.http.get(`/job-seekers/${s.id}`).set(cw.auth).expect(200)).body;
    expect(api).toMatchObject({ workerName: full.name, township, status: 'active', source: 'ledger_import' });
    const audit = await auditRows(t, 'job_seeker', s.id);
    expect(audit.map((a) => [a.action, a.actorName])).toEqual([['create', cw.username]]);
    expect(audit[0].after).toMatchObject({ imported: { importId: first.id, rowNo: 3 } });

    // The standing registration is left as it was; the one that differs too.
    expect((await standing(same.id)).map((x: { id: number; source: string }) => [x.id, x.source])).toEqual([
      [sameId, 'window'],
    ]);
    expect(await standing(differs.id)).toEqual([expect.objectContaining({ expectedWageFen: 300000 })]);
    // Lapsed and the same: renewed, the same registration.
    expect(await standing(renewed.id)).toEqual([
      expect.objectContaining({ id: renewedId, validUntil: addDays(today, 90), withdrawnOn: null }),
    ]);
    expect((await auditRows(t, 'job_seeker', renewedId)).map((a) => a.action)).toEqual(['create', 'renew']);
    // Lapsed and different: withdrawn with the reason, registered anew from the row.
    const [old, fresh] = await standing(replaced.id);
    expect(old).toMatchObject({ id: replacedId, withdrawnOn: today, withdrawnReason: expect.stringContaining('台账') });
    expect(fresh).toMatchObject({ jobs: ['保洁', '家政'], expectedWageFen: 320000, source: 'ledger_import' });
    const withdrawal = (await auditRows(t, 'job_seeker', replacedId)).find((a) => a.action === 'withdraw')!;
    expect(withdrawal.actorName).toBe(cw.username);
    expect(withdrawal.after).toMatchObject({ status: 'withdrawn', imported: { importId: first.id, rowNo: 8 } });
  });

  it('a worker killed after a row was registered but before it was marked: the retry counts it once, registering nothing more', async () => {
    await t.db.query(
      `UPDATE ledger_import_rows SET applied = false, outcome = NULL WHERE "importId" = $1 AND outcome = 'created'`,
      [first.id],
    );
    await t.app.get(LedgerImportsService).applyBatch({
      importId: first.id,
      from: 0,
      to: 20,
      actor: { userId: cw.userId, username: cw.username, role: 'caseworker' },
    });
    const outcomes = await t.db.query(
      'SELECT outcome, count(*)::int AS n FROM ledger_import_rows WHERE "importId" = $1 GROUP BY outcome ORDER BY outcome',
      [first.id],
    );
    expect(outcomes).toEqual([
      { outcome: 'created', n: 2 },
      { outcome: 'rejected', n: 8 },
      { outcome: 'unchanged', n: 1 },
      { outcome: 'updated', n: 2 },
    ]);
    for (const w of [full, bare]) expect(await standing(w.id)).toHaveLength(1);
  });

  it('the same sheet again changes nothing', async () => {
    const again = await upload(file).expect(201);
    expect(again.body.preview).toEqual({ created: 0, updated: 0, unchanged: 5, rejected: 8 });
    const done = await confirmAndWait(again.body.id);
    expect(done.result).toEqual({ created: 0, updated: 0, unchanged: 5, rejected: 8 });
    expect(await standing(full.id)).toHaveLength(1);
    expect(await standing(replaced.id)).toHaveLength(2);
  });

  it('a template with the headers, an example row and the notes; filled in as it comes, it is a valid sheet', async () => {
    const tpl = await t.http
      .get('/imports/templates/job_seekers')
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(decodeURIComponent(String(tpl.headers['content-disposition']))).toMatch(/求职登记台账-模板\.xlsx/);
    const wb = await readXlsx(tpl.body as Buffer);
    const [header, example] = sheetRows(wb.getWorksheet('求职登记台账')!);
    expect(header).toEqual(HEADERS);
    expect(example[header.indexOf('求职意向')]).toBe('采棉工、建筑小工');
    const notes = sheetRows(wb.getWorksheet('说明')!);
    expect(notes.map((r) => r[0])).toEqual(expect.arrayContaining(['求职意向', '可上岗日期', '培训意愿']));
    expect(notes.flat().join('')).toMatch(/同一文件中同一人只能出现一次/);
    expect((await upload(tpl.body as Buffer)).status).toBe(201);
  });

  it("the console's ledger page offers the kind: upload, the preview, confirm", async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const browser = await launchBrowser();
    try {
      const w = await person();
      const page: pw.Page = await signedInPage(browser, base, cw);
      await page.goto(`${base}/console/imports`);
      await expect(page.locator('#f-kind option[value=job_seekers]').textContent()).resolves.toBe('求职登记台账');
      await page.selectOption('#f-kind', 'job_seekers');
      await page.setInputFiles('#f-file', {
        name: '求职登记台账.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await xlsxOf([
          [w.name, w.citizenId, '采棉工', '新疆', 3600, from, '否', ''],
          [w.name, citizenId().id, '采棉工', '', '', from, '', ''],
        ]),
      });
      await submitAndWait(page, '#upload-form button[type=submit]');
      await page.waitForURL(/\/console\/imports\/\d+$/);
      await expect(page.locator('[data-count=created]').textContent()).resolves.toBe('1');
      await expect(page.locator('[data-count=rejected]').textContent()).resolves.toBe('1');
      await expect(page.locator('#preview-rows tr[data-action=reject]').textContent()).resolves.toContain(
        '还没有在系统登记',
      );
      await submitAndWait(page, '#confirm-form button[type=submit]');
      await waitFor(async () => {
        await page.reload();
        return (await page.locator('#import-status').getAttribute('data-status')) === 'completed';
      }, 'the import to complete');
      expect(await standing(w.id)).toEqual([expect.objectContaining({ jobs: ['采棉工'], expectedWageFen: 360000 })]);
      await page.context().close();
    } finally {
      await browser.close();
    }
  });
});
