/**
 * 摸底走访台账 (through the ledger import): a township's survey
 * sheet as a real .xlsx, the preview with its per-row reasons, confirm, the ledgerImport
 * workflow on a real worker recording the visits through the survey service, the round's
 * report, re-import (unchanged), the error report and the template.
 *
 * Rounds are unique per half-year and households.e2e uses this year's two: this file uses
 * last year's (H2 open, H1 closed), so the two files pass in either order on one database.
 */
import ExcelJS from 'exceljs';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { auditRows, citizenId, hanTag, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';
import { binary, readXlsx, sheetRows } from './support/xlsx.js';

type Auth = { Authorization: string };
type User = { auth: Auth; userId: number; username: string };
let t: TestApp;
let cw: User;
let admin: User;
let township: string;
const year = Number(shanghaiToday().slice(0, 4)) - 1;
const OPEN = `${year}H2`;
const CLOSED = `${year}H1`;
let openRound: { id: number; status: string };

const HEADERS = ['摸底轮次', '乡镇', '家庭地址', '户主姓名', '户主身份证号', '走访日期', '走访人', '走访情况', '备注'];

/** The sheet as a township office writes it: a title row, then the header; ID numbers as text. */
async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('摸底走访');
  ws.addRow([`${township}${year}年下半年零就业家庭摸底走访台账`]);
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(5).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (file: Buffer) =>
  t.http
    .post('/imports')
    .set(cw.auth)
    .field('kind', 'survey_visits')
    .attach('file', file, { filename: '摸底走访台账.xlsx', contentType: 'application/octet-stream' });

async function confirmAndWait(id: number) {
  expect((await t.http.post(`/imports/${id}/confirm`).set(cw.auth).expect(202)).body.status).toBe('running');
  return waitFor(async () => {
    const r = await t.http.get(`/imports/${id}`).set(cw.auth).expect(200);
    return r.body.status === 'completed' ? r.body : null;
  }, `import ${id} to complete`);
}

async function person(birth: string, sex: 'male' | 'female' = 'male') {
  const id = citizenId({ birth, sex }).id;
  const w = (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ citizenId: id, township }))
      .expect(201)
  ).body as { id: number; name: string };
  return { ...w, citizenId: id };
}

async function household(members: { id: number }[]) {
  const address = `${township}幸福路${hanTag(3)}号`;
  const res = await t.http
    .post('/households')
    .set(cw.auth)
    .send({
      address,
      township,
      responsibleUserId: cw.userId,
      members: members.map((m, i) => ({ workerId: m.id, relationship: i === 0 ? 'head' : 'spouse' })),
    })
    .expect(201);
  return res.body as { id: number; address: string; status: string };
}

/** Opens a round, or finds it when this database already has it. */
async function round(period: string) {
  const res = await t.http.post('/survey-rounds').set(cw.auth).send({ period });
  if (res.status === 201) return res.body as { id: number; status: string };
  expect(res.status).toBe(409);
  return (await t.http.get('/survey-rounds').set(cw.auth).expect(200)).body.find(
    (r: { period: string }) => r.period === period,
  );
}

beforeAll(async () => {
  t = await createTestApp();
  [cw, admin] = await Promise.all([t.login('caseworker'), t.login('admin')]);
  township = `摸${hanTag(4)}镇`;
  await t.http.post('/townships').set(admin.auth).send({ name: township, yearlyTarget: 10 }).expect(201);
  // Last year's first half: closed ("不漏一户": every household missed gets a reason first).
  const closed = await round(CLOSED);
  if (closed.status === 'open') {
    const refused = await t.http.post(`/survey-rounds/${closed.id}/close`).set(cw.auth);
    if (refused.status === 409) {
      for (const m of refused.body.missed)
        await t.http
          .post(`/survey-rounds/${closed.id}/missed`)
          .set(cw.auth)
          .send({ householdId: m.householdId, reason: '测试：该轮未入户' })
          .expect(201);
      await t.http.post(`/survey-rounds/${closed.id}/close`).set(cw.auth).expect(200);
    }
  }
  openRound = await round(OPEN);
  expect(openRound.status).toBe('open');
});
afterAll(() => t?.close());

describe('摸底走访台账 (survey_visits)', () => {
  let byId: { id: number; address: string; status: string }; // zero-employment, found by the head's ID number
  let byAddress: { id: number; address: string; status: string }; // zero-employment, found by township + address
  let elderly: { id: number; address: string; status: string }; // no member of working age
  let head: { id: number; citizenId: string; name: string };
  let file: Buffer;
  let first: { id: number };
  const visitedOn = `${year}-09-15`;

  it('previews the sheet: three visits to record, every bad row refused with its reason in Chinese', async () => {
    head = await person('1986-05-06');
    const spouse = await person('1988-08-08', 'female');
    byId = await household([head, spouse]);
    const h2 = await person('1990-01-02');
    byAddress = await household([h2]);
    const old = await person('1949-03-03');
    elderly = await household([old]);
    const old2 = await person('1950-04-04', 'female');
    const elderly2 = await household([old2]);
    const z3 = await person('1991-02-02');
    await household([z3]);
    const z4 = await person('1992-02-02');
    await household([z4]);
    const loner = await person('1987-09-09'); // registered, in no household
    const tomorrow = addDays(shanghaiToday(), 1);
    for (const h of [byId, byAddress, elderly, elderly2])
      expect(['zero_employment', 'no_working_age']).toContain(h.status);

    file = await xlsxOf([
      /* 3 */ [
        OPEN,
        township,
        '',
        head.name,
        head.citizenId,
        visitedOn,
        '王村干',
        '零就业',
        '夫妻二人均在家务农，希望外出务工',
      ],
      /* 4 */ [
        `${year}年下半年`,
        township,
        ` ${byAddress.address} `,
        '',
        '',
        `${year}/9/16`,
        '王村干',
        '零就业家庭',
        '',
      ],
      /* 5 */ [OPEN, township, '', old.name, old.citizenId, visitedOn, '李干事', '无劳动年龄人员', ''],
      /* 6 */ [OPEN, township, '', old2.name, old2.citizenId, visitedOn, '李干事', '零就业', ''], // disagrees with the registry
      /* 7 */ [OPEN, township, '', loner.name, loner.citizenId, visitedOn, '李干事', '零就业', ''], // in no household
      /* 8 */ [OPEN, township, '', '', citizenId({ birth: '1985-01-01' }).id, visitedOn, '李干事', '零就业', ''], // nobody
      /* 9 */ [OPEN, township, '', z3.name, z3.citizenId, `${year}-03-10`, '李干事', '零就业', ''], // outside the half-year
      /* 10 */ [OPEN, township, '', z4.name, z4.citizenId, tomorrow, '李干事', '零就业', ''], // in the future
      /* 11 */ [CLOSED, township, '', z4.name, z4.citizenId, `${year}-03-10`, '李干事', '零就业', ''], // round closed
      /* 12 */ [OPEN, township, '', head.name, head.citizenId, visitedOn, '王村干', '零就业', ''], // same row twice
      /* 13 */ [OPEN, township, '', spouse.name, spouse.citizenId, visitedOn, '王村干', '零就业', ''], // the same household by another member
      /* 14 */ [OPEN, township, '', z3.name, z3.citizenId, visitedOn, '', '不清楚', ''], // no visitor, unknown finding
      /* 15 */ [OPEN, township, '', '', '', visitedOn, '李干事', '零就业', ''], // nothing to find the household by
    ]);
    const res = await upload(file).expect(201);
    expect(res.body).toMatchObject({
      kind: 'survey_visits',
      kindLabel: '摸底走访台账',
      status: 'preview',
      headerRow: 2,
      total: 13,
    });
    expect(res.body.preview).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 10 });
    first = res.body;
    const reasons: Record<number, string> = Object.fromEntries(
      res.body.rejectedRows.map((r: { rowNo: number; reasons: string[] }) => [r.rowNo, r.reasons.join('；')]),
    );
    expect(reasons[6]).toMatch(/走访情况“零就业”与系统登记不一致（应为“无劳动年龄人员”）/);
    expect(reasons[7]).toMatch(/不是系统中任何家庭户的成员/);
    expect(reasons[8]).toMatch(/还没有在系统登记/);
    expect(reasons[9]).toMatch(new RegExp(`不在${OPEN}摸底的半年内（${year}-07-01至${year}-12-31）`));
    expect(reasons[10]).toMatch(/晚于今天/);
    expect(reasons[11]).toMatch(new RegExp(`${CLOSED}摸底已经结束`));
    expect(reasons[12]).toMatch(/与第3行重复/);
    expect(reasons[13]).toMatch(/已经出现过/);
    expect(reasons[14]).toMatch(/走访人为空/);
    expect(reasons[14]).toMatch(/走访情况“不清楚”不认识/);
    expect(reasons[15]).toMatch(/户主身份证号和家庭地址都为空/);
    // Reasons never repeat an ID number.
    expect(JSON.stringify(res.body.rejectedRows.map((r: { reasons: string[] }) => r.reasons))).not.toMatch(
      /\d{17}[\dX]/,
    );
    // Nothing recorded by the preview.
    expect(
      (
        await t.db.query(
          'SELECT count(*)::int AS n FROM survey_visits WHERE "roundId" = $1 AND "householdId" = ANY($2)',
          [openRound.id, [byId.id, byAddress.id, elderly.id]],
        )
      )[0].n,
    ).toBe(0);
  });

  it("confirmed, records the visits through the survey service: the round's report lists the households visited, who went, and the source", async () => {
    const done = await confirmAndWait(first.id);
    expect(done.result).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 10 });
    const rep = (await t.http.get(`/survey-rounds/${openRound.id}`).set(cw.auth).expect(200)).body;
    const ids = (xs: { householdId: number }[]) => xs.map((x) => x.householdId);
    expect(ids(rep.zeroEmployment)).toEqual(expect.arrayContaining([byId.id, byAddress.id]));
    expect(ids(rep.zeroEmployment)).not.toContain(elderly.id);
    for (const id of [byId.id, byAddress.id, elderly.id]) expect(ids(rep.missed)).not.toContain(id);
    const visits = await t.db.query(
      `SELECT "householdId", "visitedOn"::text AS "visitedOn", "visitedBy", finding, note FROM survey_visits WHERE "roundId" = $1 AND "householdId" = ANY($2) ORDER BY "householdId"`,
      [openRound.id, [byId.id, byAddress.id, elderly.id]],
    );
    expect(visits).toEqual([
      {
        householdId: byId.id,
        visitedOn,
        visitedBy: '王村干',
        finding: 'zero_employment',
        note: '夫妻二人均在家务农，希望外出务工',
      },
      {
        householdId: byAddress.id,
        visitedOn: `${year}-09-16`,
        visitedBy: '王村干',
        finding: 'zero_employment',
        note: '',
      },
      { householdId: elderly.id, visitedOn, visitedBy: '李干事', finding: 'no_working_age', note: '' },
    ]);
    const audit = (await auditRows(t, 'survey_round', openRound.id)).filter(
      (a) => a.action === 'visit' && (a.after as { householdId: number }).householdId === byId.id,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actorName).toBe(cw.username);
    expect(audit[0].after).toMatchObject({ visitedBy: '王村干', source: { importId: first.id, rowNo: 3 } });
  });

  it('the same sheet again changes nothing: unchanged, and no second visit', async () => {
    const again = await upload(file).expect(201);
    expect(again.body.preview).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 10 });
    const done = await confirmAndWait(again.body.id);
    expect(done.result).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 10 });
    expect(
      (
        await t.db.query(
          'SELECT count(*)::int AS n FROM survey_visits WHERE "roundId" = $1 AND "householdId" = ANY($2)',
          [openRound.id, [byId.id, byAddress.id, elderly.id]],
        )
      )[0].n,
    ).toBe(3);
    // A recorded visit cannot be changed by a later sheet.
    const changed = await upload(
      await xlsxOf([[OPEN, township, '', head.name, head.citizenId, `${year}-10-01`, '王村干', '零就业', '']]),
    ).expect(201);
    expect(changed.body.preview).toMatchObject({ created: 0, rejected: 1 });
    expect(changed.body.rejectedRows[0].reasons.join('')).toMatch(new RegExp(`已登记走访（${visitedOn}，零就业）`));
  });

  it('answers the refused rows as an .xlsx with 错误原因, and a template with headers, an example row and notes', async () => {
    const res = await t.http
      .get(`/imports/${first.id}/errors.xlsx`)
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const rows = sheetRows((await readXlsx(res.body as Buffer)).getWorksheet('错误行')!);
    expect(rows[0]).toEqual([...HEADERS, '原行号', '错误原因']);
    expect(rows).toHaveLength(11);
    const row6 = rows.find((r) => r[HEADERS.length] === 6)!;
    expect(String(row6[HEADERS.length + 1])).toMatch(/与系统登记不一致/);

    const tpl = await t.http
      .get('/imports/templates/survey_visits')
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(decodeURIComponent(String(tpl.headers['content-disposition']))).toMatch(/摸底走访台账-模板\.xlsx/);
    const wb = await readXlsx(tpl.body as Buffer);
    const [header, example] = sheetRows(wb.getWorksheet('摸底走访台账')!);
    expect(header).toEqual(
      expect.arrayContaining(['摸底轮次', '户主身份证号', '家庭地址', '走访日期', '走访人', '走访情况']),
    );
    expect(example[header.indexOf('走访情况')]).toBe('零就业');
    const notes = sheetRows(wb.getWorksheet('说明')!);
    expect(notes.map((r) => r[0])).toEqual(expect.arrayContaining(['摸底轮次', '走访情况']));
    expect(notes.flat().join('')).toMatch(/每户在一个轮次只能出现一次/);
    // The template's own example, filled in, is a valid sheet (headers recognised, no missing column).
    expect((await upload(tpl.body as Buffer)).status).toBe(201);
  });
});
