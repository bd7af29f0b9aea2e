/**
 * Ledgers through the real API: .xlsx files built here with exceljs (with the bad
 * cases offices produce), the preview, the ledgerImport workflow on a real worker, re-import
 * (nothing changes), the error report and exports read back, and a township reconciliation.
 */
import ExcelJS from 'exceljs';
import { randomInt } from 'node:crypto';
import { shanghaiToday } from '../src/common/dates.js';
import { LedgerImportsService } from '../src/ledgers/ledger-imports.service.js';
import { WorkerService } from '../src/temporal/worker.service.js';
import { createTestApp, TestApp } from './support/app.js';
import { workflowBundle } from './support/temporal.js';
import {
  auditRows,
  citizenId,
  countWorkersWithId,
  creditCode,
  employerBody,
  hanTag,
  idCheck,
  mobile,
  withWrongCheckDigit,
  workerBody,
} from './support/fixtures.js';
import { binary, readXlsx, sheetRows, xlsxOf } from './support/xlsx.js';

type Auth = { Authorization: string };
type User = { auth: Auth; userId: number; username: string };
let t: TestApp;
let cw: User;
let admin: User;
let fin: User;
let township: string;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await createTestApp();
  [cw, admin, fin] = await Promise.all([t.login('caseworker'), t.login('admin'), t.login('finance')]);
  township = `账${hanTag(4)}镇`;
  await t.http.post('/townships').set(admin.auth).send({ name: township }).expect(201);
});
afterAll(() => t?.close());

function upload(kind: string, file: Buffer, name = 'ledger.xlsx', auth = cw.auth) {
  return t.http
    .post('/imports')
    .set(auth)
    .field('kind', kind)
    .attach('file', file, { filename: name, contentType: 'application/octet-stream' });
}

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    last = v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function confirmAndWait(id: number) {
  const c = await t.http.post(`/imports/${id}/confirm`).set(cw.auth).expect(202);
  expect(c.body.status).toBe('running');
  return waitFor(async () => {
    const r = await t.http.get(`/imports/${id}`).set(cw.auth).expect(200);
    return r.body.status === 'completed' ? r.body : null;
  }, `import ${id} to complete`);
}

const FULL = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const plusDays = (date: string, n: number) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const excelSerial = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000) + 25569;

describe('bad files', () => {
  it('refuses what is not a spreadsheet or CSV, by content, whatever its name', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const res = await upload('workers', png, '台账.xlsx').expect(415);
    expect(res.body.details[0].reason).toMatch(/不是 Excel/);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]);
    expect((await upload('workers', xls, 'old.xls').expect(415)).body.details[0].reason).toMatch(/\.xls/);
  });

  it('refuses a file over 20 MB with 413', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 0x41);
    const res = await upload('workers', big, 'big.csv').expect(413);
    expect(JSON.stringify(res.body)).toMatch(/20 MB/);
  });

  it('names the missing required columns', async () => {
    const res = await upload(
      'workers',
      await xlsxOf([
        ['姓名', '联系电话'],
        ['张三', '13812345678'],
      ]),
    ).expect(400);
    expect(res.body.message).toMatch(/缺少必填列/);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['乡镇', '身份证号'].sort());
  });

  it('refuses an unknown kind and a missing file', async () => {
    await upload('pets', await xlsxOf([['姓名']])).expect(400);
    await t.http.post('/imports').set(cw.auth).field('kind', 'workers').expect(400);
  });

  it('is for caseworkers and admins only', async () => {
    await upload('workers', await xlsxOf([['姓名']]), 'x.xlsx', fin.auth).expect(403);
  });
});

describe('workers ledger: preview, import, re-import, error report', () => {
  const a = citizenId();
  const b = citizenId();
  /** Typed into a number cell below: an ID ending in X cannot be a number. */
  const c = (() => {
    for (;;) {
      const x = citizenId();
      if (!x.id.endsWith('X')) return x;
    }
  })();
  const e = citizenId();
  const g = citizenId();
  let existingSame: Record<string, any>;
  let existingChanged: Record<string, any>;
  let file: Buffer;
  let importId: number;
  const newPhone = mobile();

  beforeAll(async () => {
    existingSame = (
      await t.http
        .post('/workers')
        .set(cw.auth)
        .send(workerBody({ township, categories: [], skills: [] }))
        .expect(201)
    ).body;
    existingChanged = (
      await t.http
        .post('/workers')
        .set(cw.auth)
        .send(workerBody({ township, categories: [], skills: [] }))
        .expect(201)
    ).body;
    const sameFull = (await t.http.get(`/workers/${existingSame.id}`).set(cw.auth).expect(200)).body;
    const changedFull = (await t.http.get(`/workers/${existingChanged.id}`).set(cw.auth).expect(200)).body;
    file = await xlsxOf(
      [
        ['姓名', '身份证号', '手机号码', '所属乡镇', '备注'],
        [`  王${hanTag(2)}  `, FULL(a.id), ` ${mobile()} `, ` ${township} `, null], // 3: full-width ID, spaces: created
        [`李${hanTag(2)}`, b.id, mobile().replace(/^(\d{3})(\d{4})/, '$1 $2 '), township, '电焊工'], // 4: created
        [`赵${hanTag(2)}`, Number(c.id), mobile(), township, null], // 5: numeric ID cell
        [`钱${hanTag(2)}`, '2.30781E+17', mobile(), township, null], // 6: scientific notation
        [`孙${hanTag(2)}`, withWrongCheckDigit(e.id), mobile(), township, null], // 7: check digit
        [`周${hanTag(2)}`, a.id, mobile(), township, null], // 8: duplicate of row 3
        [`吴${hanTag(2)}`, g.id, mobile(), '不存在乡', null], // 9: unknown township
        [sameFull.name, sameFull.citizenId, sameFull.phone, township, null], // 10: unchanged
        [changedFull.name, changedFull.citizenId, newPhone, township, null], // 11: phone changed: update
      ],
      { title: `${township}劳务输出人员台账` },
    );
  });

  it('previews without writing anything: counts and Chinese reasons per row', async () => {
    const res = await upload('workers', file).expect(201);
    importId = res.body.id;
    expect(res.body.status).toBe('preview');
    expect(res.body.headerRow).toBe(2);
    expect(res.body.total).toBe(9);
    expect(res.body.preview).toEqual({ created: 2, updated: 1, unchanged: 1, rejected: 5 });
    const reasons = Object.fromEntries(
      res.body.rejectedRows.map((r: { rowNo: number; reasons: string[] }) => [r.rowNo, r.reasons.join(' ')]),
    );
    expect(reasons[5]).toMatch(/存成了数字/);
    expect(reasons[6]).toMatch(/科学计数法/);
    expect(reasons[7]).toMatch(/校验位/);
    expect(reasons[8]).toMatch(/与第3行重复/);
    expect(reasons[9]).toMatch(/乡镇“不存在乡”不在系统/);
    expect(res.body.updatedRows[0].changes).toEqual(['联系电话']);
    expect(await countWorkersWithId(t, a.id)).toBe(0);
    expect(await countWorkersWithId(t, b.id)).toBe(0);
    const rows = await t.http.get(`/imports/${importId}/rows?action=create`).set(cw.auth).expect(200);
    expect(rows.body.total).toBe(2);
  });

  it('imports on confirm as a workflow, with progress, and the audit trail names the caseworker', async () => {
    const done = await confirmAndWait(importId);
    expect(done.progress).toMatchObject({ rowsDone: 9, total: 9, errorsSoFar: 5 });
    expect(done.result).toEqual({ created: 2, updated: 1, unchanged: 1, rejected: 5 });
    expect(await countWorkersWithId(t, a.id)).toBe(1);
    expect(await countWorkersWithId(t, b.id)).toBe(1);
    const [created] = await t.db.query('SELECT id, name, phone, township FROM workers WHERE "citizenId" = $1', [a.id]);
    expect(created.name).toMatch(/^王/);
    expect(created.name).not.toMatch(/\s/);
    expect(created.township).toBe(township);
    const [changed] = await t.db.query('SELECT phone, version FROM workers WHERE id = $1', [existingChanged.id]);
    expect(changed.phone).toBe(newPhone);
    const trail = await auditRows(t, 'worker', existingChanged.id);
    const upd = trail.filter((x) => x.action === 'update').pop()!;
    expect(upd.actorName).toBe(cw.username);
    expect((upd.after as { source: { importId: number } }).source.importId).toBe(importId);
    const trailNew = await auditRows(t, 'worker', created.id);
    expect(trailNew[0]).toMatchObject({ action: 'create', actorName: cw.username });
    // Each line is filed under its record's county (the import hands it over; the trigger no longer looks it up).
    const filed = await t.db.query(
      `SELECT a."countyId" AS line, w."countyId" AS record FROM audit_log a JOIN workers w ON w.id = a."entityId"::int
        WHERE a.entity = 'worker' AND a."requestId" = $1`,
      [`ledger-import-${importId}`],
    );
    expect(filed).toHaveLength(3);
    for (const f of filed) expect(f.line).toBe(f.record);
  });

  it('changes nothing when a batch runs again (a retry after a worker restart)', async () => {
    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM workers WHERE township = $1', [township]);
    await t.db.query('UPDATE ledger_import_rows SET applied = false, outcome = NULL WHERE "importId" = $1', [importId]);
    await t.app.get(LedgerImportsService).applyBatch({
      importId,
      from: 0,
      to: 9,
      actor: { userId: cw.userId, username: cw.username, role: 'caseworker' },
    });
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM workers WHERE township = $1', [township]);
    expect(after).toBe(before);
    expect(await countWorkersWithId(t, a.id)).toBe(1);
    const outcomes = await t.db.query(
      'SELECT outcome, count(*)::int AS n FROM ledger_import_rows WHERE "importId" = $1 GROUP BY outcome ORDER BY outcome',
      [importId],
    );
    expect(outcomes).toEqual([
      { outcome: 'rejected', n: 5 },
      { outcome: 'unchanged', n: 4 },
    ]);
  });

  it('answers 409 to a second confirm', async () => {
    const res = await t.http.post(`/imports/${importId}/confirm`).set(cw.auth).expect(409);
    expect(res.body.error).toBeDefined();
  });

  it('changes nothing when the same file is imported again', async () => {
    const [before] = await t.db.query('SELECT version FROM workers WHERE id = $1', [existingChanged.id]);
    const auditBefore = (await t.db.query('SELECT count(*)::int AS n FROM audit_log WHERE entity = $1', ['worker']))[0]
      .n;
    const res = await upload('workers', file).expect(201);
    expect(res.body.preview).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 5 });
    const done = await confirmAndWait(res.body.id);
    expect(done.result).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 5 });
    const [after] = await t.db.query('SELECT version FROM workers WHERE id = $1', [existingChanged.id]);
    expect(after.version).toBe(before.version);
    expect(await countWorkersWithId(t, a.id)).toBe(1);
    const auditAfter = (await t.db.query('SELECT count(*)::int AS n FROM audit_log WHERE entity = $1', ['worker']))[0]
      .n;
    expect(auditAfter).toBe(auditBefore);
  });

  it('gives the rejected rows back as uploaded, with 错误原因', async () => {
    const res = await t.http
      .get(`/imports/${importId}/errors.xlsx`)
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const wb = await readXlsx(res.body as Buffer);
    const rows = sheetRows(wb.worksheets[0]);
    expect(rows[0]).toEqual(['姓名', '身份证号', '手机号码', '所属乡镇', '备注', '原行号', '错误原因']);
    expect(rows).toHaveLength(6);
    const numeric = rows.find((r) => r[5] === 5)!;
    expect(typeof numeric[1]).toBe('number'); // as uploaded
    expect(String(numeric[6])).toMatch(/存成了数字/);
    expect(rows.find((r) => r[5] === 6)![1]).toBe('2.30781E+17');
  });

  it('answers 409 to an expired preview', async () => {
    const res = await upload('workers', file).expect(201);
    await t.db.query(`UPDATE ledger_imports SET "expiresAt" = now() - interval '1 hour' WHERE id = $1`, [res.body.id]);
    const r = await t.http.post(`/imports/${res.body.id}/confirm`).set(cw.auth).expect(409);
    expect(r.body.message).toMatch(/失效/);
  });

  it('accepts CSV (UTF-8 with BOM) by content', async () => {
    const id = citizenId();
    const csv = `\uFEFF姓名,身份证号,联系电话,乡镇\n"陈${hanTag(2)}",${id.id},${mobile()},${township}\n`;
    const res = await upload('workers', Buffer.from(csv, 'utf8'), 'ledger.txt').expect(201);
    expect(res.body.fileType).toBe('csv');
    expect(res.body.preview).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
  });
});

describe('text that a spreadsheet would run as a formula', () => {
  it('comes back in the error report with an apostrophe in front, readable, and numbers stay numbers', async () => {
    const csv =
      `\uFEFF姓名,身份证号,联系电话,乡镇,备注\n` +
      `"=HYPERLINK(""http://example.invalid"",""点此"")",@SUM(A1),+86 138,${township},-5\n` +
      `"\t=1+2",230781,13800000000,${township},"\r备注"\n`;
    const res = await upload('workers', Buffer.from(csv, 'utf8'), 'ledger.csv').expect(201);
    expect(res.body.preview.rejected).toBe(2);
    const report = await t.http
      .get(`/imports/${res.body.id}/errors.xlsx`)
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const rows = sheetRows((await readXlsx(report.body as Buffer)).worksheets[0]);
    expect(rows[1].slice(0, 5)).toEqual([
      `'=HYPERLINK("http://example.invalid","点此")`,
      `'@SUM(A1)`,
      `'+86 138`,
      township,
      `'-5`,
    ]);
    expect(rows[1][5]).toBe(2);
    expect(String(rows[2][0])).toBe(`'\t=1+2`);
  });
});

describe('employers and placements: dates as serials and as text, processes started', () => {
  const code1 = creditCode();
  const code2 = creditCode();
  let w1: Record<string, any>;
  let w2: Record<string, any>;

  beforeAll(async () => {
    w1 = (await t.http.post('/workers').set(cw.auth).send(workerBody({ township })).expect(201)).body;
    w2 = (await t.http.post('/workers').set(cw.auth).send(workerBody({ township })).expect(201)).body;
  });

  it('imports employers with date cells and text dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位');
    ws.addRow(['单位名称', '统一社会信用代码', '所在地区', '联系人', '联系电话', '协议开始日期', '协议结束日期']);
    ws.addRow([
      `大连${hanTag()}物流有限公司`,
      code1,
      '大连市甘井子区',
      '刘经理',
      '0411-86661234',
      new Date(Date.UTC(2026, 0, 1)),
      '2027年12月31日',
    ]);
    ws.addRow([
      `沈阳${hanTag()}制造有限公司`,
      ` ${FULL(code2)} `,
      '沈阳市铁西区',
      '王经理',
      '13912345678',
      '2026/1/5',
      '2026.12.31',
    ]);
    ws.addRow([
      `错误${hanTag()}公司`,
      code1.slice(0, 17) + (code1[17] === 'A' ? 'B' : 'A'),
      '大连',
      '李',
      '0411-86661234',
      null,
      null,
    ]);
    const res = await upload('employers', Buffer.from(await wb.xlsx.writeBuffer())).expect(201);
    expect(res.body.preview).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(res.body.rejectedRows[0].reasons.join()).toMatch(/统一社会信用代码校验位不对/);
    await confirmAndWait(res.body.id);
    const [e1] = await t.db.query(
      `SELECT to_char("agreementStart", 'YYYY-MM-DD') AS s, to_char("agreementEnd", 'YYYY-MM-DD') AS e FROM employers WHERE "creditCode" = $1`,
      [code1],
    );
    expect(e1).toEqual({ s: '2026-01-01', e: '2027-12-31' });
    const [e2] = await t.db.query(
      `SELECT to_char("agreementStart", 'YYYY-MM-DD') AS s FROM employers WHERE "creditCode" = $1`,
      [code2],
    );
    expect(e2.s).toBe('2026-01-05');
  });

  it('imports placements (serial and text dates, yuan → fen) and starts their contract processes; a long-past one goes straight to overdue', async () => {
    const today = shanghaiToday();
    const recent = plusDays(today, -2);
    const old = plusDays(today, -90);
    const [y, m, d] = old.split('-').map(Number);
    const w1Full = (await t.http.get(`/workers/${w1.id}`).set(cw.auth).expect(200)).body;
    const w2Full = (await t.http.get(`/workers/${w2.id}`).set(cw.auth).expect(200)).body;
    const file = await xlsxOf([
      [
        '姓名',
        '身份证号',
        '用工单位',
        '统一社会信用代码',
        '上岗日期',
        '工种',
        '月工资（元）',
        '务工地点',
        '是否有组织输出',
        '合同期限',
      ],
      [
        w1Full.name,
        w1Full.citizenId,
        '某公司',
        code1,
        excelSerial(recent),
        '报纸投递员',
        '3,200.50',
        '黑龙江省哈尔滨市南岗区',
        '是',
        '24个月',
      ],
      [
        w2Full.name,
        w2Full.citizenId,
        '某公司',
        code2,
        `${y}年${m}月${d}日`,
        '装配工',
        4000,
        '辽宁省沈阳市铁西区',
        '否',
        '2年',
      ],
      [w2Full.name, w2Full.citizenId, '某公司', creditCode(), '2026-03-01', '装配工', 4000, '辽宁省沈阳市', '否', null], // unknown employer
      ['别人', w1Full.citizenId, '某公司', code2, '2026-03-01', '装配工', 4000, '辽宁省沈阳市', '否', null], // name mismatch
    ]);
    const res = await upload('placements', file).expect(201);
    expect(res.body.preview).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 2 });
    const reasons = res.body.rejectedRows.map((r: { reasons: string[] }) => r.reasons.join());
    expect(reasons[0]).toMatch(/用工单位还没有在系统登记/);
    expect(reasons[1]).toMatch(/姓名“别人”与系统中/);
    await confirmAndWait(res.body.id);
    const [p1] = await t.db.query(
      `SELECT id, "monthlyWageFen", organised, to_char("startDate", 'YYYY-MM-DD') AS "startDate", "registeredBy" FROM placements WHERE "workerId" = $1`,
      [w1.id],
    );
    expect(p1).toMatchObject({ monthlyWageFen: 320050, organised: true, startDate: recent, registeredBy: cw.username });
    const [p2] = await t.db.query(
      `SELECT id, to_char("startDate", 'YYYY-MM-DD') AS "startDate" FROM placements WHERE "workerId" = $1`,
      [w2.id],
    );
    expect(p2.startDate).toBe(old);
    const live = await waitFor(async () => {
      const r = await t.http.get(`/placements/${p1.id}`).set(cw.auth).expect(200);
      return r.body.process ? r.body : null;
    }, 'the contract process of the recent placement');
    expect(live.process.stage).toBe('awaiting_contract');
    const overdue = await waitFor(async () => {
      const r = await t.http.get(`/placements/${p2.id}`).set(cw.auth).expect(200);
      return r.body.process?.stage === 'overdue' ? r.body : null;
    }, 'the long-past placement to be overdue');
    expect(overdue.process.reminderSentAt).toBeNull();
    // A worker killed after a row's placement was registered but before the row was marked: the
    // retry finds the placement this import made and counts it created, registering nothing more.
    await t.db.query(
      `UPDATE ledger_import_rows SET applied = false, outcome = NULL WHERE "importId" = $1 AND outcome = 'created'`,
      [res.body.id],
    );
    await t.app.get(LedgerImportsService).applyBatch({
      importId: res.body.id,
      from: 0,
      to: 10,
      actor: { userId: cw.userId, username: cw.username, role: 'caseworker' },
    });
    const outcomes = await t.db.query(
      'SELECT outcome, count(*)::int AS n FROM ledger_import_rows WHERE "importId" = $1 GROUP BY outcome ORDER BY outcome',
      [res.body.id],
    );
    expect(outcomes).toEqual([
      { outcome: 'created', n: 2 },
      { outcome: 'rejected', n: 2 },
    ]);
    for (const w of [w1, w2]) {
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM placements WHERE "workerId" = $1', [w.id]);
      expect(n).toBe(1);
    }
    // Importing the same placements again changes nothing.
    const again = await upload('placements', file).expect(201);
    expect(again.body.preview).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 2 });
  });
});

describe('placements ledger: one placement at a time per worker', () => {
  it('refuses a row for a worker still employed, and a second new row for one worker, with the reason in Chinese', async () => {
    const today = shanghaiToday();
    const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
    const [employed, fresh, late] = await Promise.all(
      [0, 1, 2].map(
        async () => (await t.http.post('/workers').set(cw.auth).send(workerBody({ township })).expect(201)).body,
      ),
    );
    const open = (
      await t.http
        .post('/placements')
        .set(cw.auth)
        .send({
          workerId: employed.id,
          employerId: employer.id,
          startDate: plusDays(today, -10),
          job: '装配工',
          monthlyWageFen: 400000,
          destination: '辽宁省沈阳市铁西区',
          organised: false,
        })
        .expect(201)
    ).body;
    const row = (w: Record<string, any>, start: string) => [
      w.name,
      w.citizenId,
      employer.name,
      employer.creditCode,
      start,
      '装配工',
      4000,
      '辽宁省沈阳市铁西区',
      '否',
    ];
    const file = await xlsxOf([
      [
        '姓名',
        '身份证号',
        '用工单位',
        '统一社会信用代码',
        '上岗日期',
        '工种',
        '月工资（元）',
        '务工地点',
        '是否有组织输出',
      ],
      row(employed, plusDays(today, -2)),
      row(fresh, plusDays(today, -10)),
      row(fresh, plusDays(today, -3)),
      row(late, plusDays(today, -1)),
    ]);
    const res = await upload('placements', file).expect(201);
    expect(res.body.preview).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 2 });
    const reasons = res.body.rejectedRows.map((r: { rowNo: number; reasons: string[] }) => [r.rowNo, r.reasons.join()]);
    expect(reasons).toEqual([
      [2, expect.stringMatching(/已有未离职的就业登记.*一人同时只能有一条未离职的就业登记/)],
      [4, expect.stringMatching(/第3行已有一条新的就业登记/)],
    ]);
    expect(reasons[0][1]).toContain(employer.name);

    // Registered meanwhile through the API: at import time the row is refused the same way.
    await t.http
      .post('/placements')
      .set(cw.auth)
      .send({
        workerId: late.id,
        employerId: employer.id,
        startDate: plusDays(today, -5),
        job: '装配工',
        monthlyWageFen: 400000,
        destination: '辽宁省沈阳市铁西区',
        organised: false,
      })
      .expect(201);
    const done = await confirmAndWait(res.body.id);
    expect(done.result).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 3 });
    const rows = (await t.http.get(`/imports/${res.body.id}/rows`).set(cw.auth).expect(200)).body.items;
    const lateRow = rows.find((r: { rowNo: number }) => r.rowNo === 5);
    expect(lateRow.outcome).toBe('failed');
    expect(lateRow.reasons.join()).toMatch(/导入时失败.*已有未离职的就业登记/);
    const count = async (workerId: number) =>
      (await t.db.query('SELECT count(*)::int AS n FROM placements WHERE "workerId" = $1', [workerId]))[0].n;
    expect([await count(employed.id), await count(fresh.id), await count(late.id)]).toEqual([1, 1, 1]);
    expect((await t.http.get(`/placements/${open.id}`).set(cw.auth).expect(200)).body.status).toBe('awaiting_contract');
  });
});

describe('a worker restart during an import', () => {
  it('finishes the import after the restart without duplicating a row', async () => {
    const n = 8000;
    // Unique by construction (random IDs would repeat among 8,000 and the rest of the suite's workers).
    const region = String(randomInt(310000, 400000));
    const ids = Array.from({ length: n }, (_, i) => {
      const first17 = `${region}${plusDays('1970-01-01', Math.floor(i / 1000)).replace(/-/g, '')}${String(i % 1000).padStart(3, '0')}`;
      return first17 + idCheck(first17);
    });
    const file = await xlsxOf([
      ['姓名', '身份证号', '联系电话', '乡镇'],
      ...ids.map((id) => [`韩${hanTag(2)}`, id, mobile(), township]),
    ]);
    const res = await upload('workers', file).expect(201);
    const dup = 0;
    expect(res.body.preview.created).toBe(n - dup);
    await t.http.post(`/imports/${res.body.id}/confirm`).set(cw.auth).expect(202);
    await waitFor(
      async () => (await t.http.get(`/imports/${res.body.id}`).set(cw.auth)).body.progress.rowsDone >= 500,
      'the first batch',
      60_000,
    );
    const workers = t.app.get(WorkerService);
    await workers.stop();
    const mid = (await t.http.get(`/imports/${res.body.id}`).set(cw.auth)).body;
    expect(mid.status).toBe('running');
    expect(mid.progress.rowsDone).toBeLessThan(n);
    await workers.start({ workflowBundle: await workflowBundle(), taskQueue: t.taskQueue });
    const done = await waitFor(
      async () => {
        const r = await t.http.get(`/imports/${res.body.id}`).set(cw.auth).expect(200);
        return r.body.status === 'completed' ? r.body : null;
      },
      'the import after the restart',
      120_000,
    );
    expect(done.result).toEqual({ created: n - dup, updated: 0, unchanged: 0, rejected: dup });
    expect(done.progress.rowsDone).toBe(n);
    const [{ c }] = await t.db.query('SELECT count(*)::int AS c FROM workers WHERE "citizenId" = ANY($1)', [ids]);
    expect(c).toBe(n - dup);
    const [{ a }] = await t.db.query(
      `SELECT count(*)::int AS a FROM audit_log WHERE entity = 'worker' AND action = 'create' AND after->'source'->>'importId' = $1`,
      [String(res.body.id)],
    );
    expect(a).toBe(n - dup);
  });
});

describe('enrollments ledger', () => {
  it('enrols through the training service (its subsidy process starts) and matches by worker + course', async () => {
    const provider = (
      await t.http
        .post('/training-providers')
        .set(cw.auth)
        .send({ name: `示范${hanTag()}培训学校`, contactName: '张老师', contactPhone: '0411-86661234' })
        .expect(201)
    ).body;
    const today = shanghaiToday();
    const course = (
      await t.http
        .post('/courses')
        .set(cw.auth)
        .send({
          providerId: provider.id,
          name: `电焊${hanTag()}培训班`,
          specialty: '电焊',
          mode: 'commissioned',
          startDate: plusDays(today, 5),
          endDate: plusDays(today, 12),
          hours: 56,
          subsidyPerTraineeFen: 60000,
        })
        .expect(201)
    ).body;
    const w = (await t.http.post('/workers').set(cw.auth).send(workerBody({ township })).expect(201)).body;
    const full = (await t.http.get(`/workers/${w.id}`).set(cw.auth).expect(200)).body;
    const file = await xlsxOf([
      ['姓名', '身份证号', '培训班编号', '培训班名称'],
      [full.name, full.citizenId, course.id, course.name],
      [full.name, full.citizenId, 999999, null],
    ]);
    const res = await upload('enrollments', file).expect(201);
    expect(res.body.preview).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(res.body.rejectedRows[0].reasons.join()).toMatch(/培训班编号 999999 在系统中不存在/);
    await confirmAndWait(res.body.id);
    const enrolled = await t.http.get(`/courses/${course.id}/enrollments`).set(cw.auth).expect(200);
    expect(enrolled.body).toHaveLength(1);
    const again = await upload('enrollments', file).expect(201);
    expect(again.body.preview).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 1 });
  });
});

describe('export', () => {
  it('exports workers as xlsx with the list filters, Chinese headers and masked numbers', async () => {
    const res = await t.http
      .get(`/workers?township=${encodeURIComponent(township)}&format=xlsx`)
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const rows = sheetRows((await readXlsx(res.body as Buffer)).worksheets[0]);
    expect(rows[0].slice(0, 6)).toEqual(['编号', '姓名', '身份证号', '性别', '出生日期', '联系电话']);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM workers WHERE township = $1', [township]);
    expect(rows.length - 1).toBe(n);
    for (const r of rows.slice(1)) {
      expect(String(r[2])).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(String(r[5])).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(r[6]).toBe(township);
    }
  });

  it('answers the xlsx Accept header on every list', async () => {
    for (const [path, auth] of [
      ['/employers', cw.auth],
      ['/placements', cw.auth],
      ['/claims', fin.auth],
      ['/referrals', fin.auth],
      ['/cases', cw.auth],
    ] as const) {
      const res = await t.http
        .get(path)
        .set(auth)
        .set('Accept', XLSX)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      expect(res.headers['content-type']).toContain(XLSX);
      const wb = await readXlsx(res.body as Buffer);
      expect(wb.worksheets).toHaveLength(1);
    }
    const json = await t.http.get('/employers?pageSize=1').set(cw.auth).expect(200);
    expect(Array.isArray(json.body.items)).toBe(true);
  });
});

describe('reconciliation (卡表册人相符)', () => {
  it('finds the person missing from the system, the one missing from the ledger, and the differing field', async () => {
    const town = `核${hanTag(4)}镇`;
    await t.http.post('/townships').set(admin.auth).send({ name: town }).expect(201);
    const ws = [];
    for (let i = 0; i < 3; i++) {
      const w = (
        await t.http
          .post('/workers')
          .set(cw.auth)
          .send(workerBody({ township: town }))
          .expect(201)
      ).body;
      ws.push((await t.http.get(`/workers/${w.id}`).set(cw.auth).expect(200)).body);
    }
    const newcomer = citizenId();
    const otherPhone = mobile();
    const file = await xlsxOf([
      ['姓名', '身份证号', '联系电话'],
      [ws[0].name, ws[0].citizenId, ws[0].phone],
      [ws[1].name, ws[1].citizenId, otherPhone],
      [`新${hanTag(2)}`, newcomer.id, mobile()],
    ]);
    const res = await t.http
      .post('/reconciliations')
      .set(cw.auth)
      .field('township', town)
      .attach('file', file, { filename: '台账.xlsx' })
      .expect(201);
    expect(res.body.counts).toMatchObject({
      ledgerRows: 3,
      systemWorkers: 3,
      matching: 1,
      notInSystem: 1,
      notInLedger: 1,
      differing: 1,
      invalid: 0,
    });
    expect(res.body.notInSystem[0].citizenId).toBe(newcomer.id);
    expect(res.body.notInLedger[0].workerId).toBe(ws[2].id);
    expect(res.body.notInLedger[0].citizenId).toMatch(/\*{8}/);
    expect(res.body.differing[0].differences).toEqual([
      { field: '联系电话', ledger: otherPhone, system: expect.stringMatching(/\*{4}/) },
    ]);
    const x = await t.http
      .get(`/reconciliations/${res.body.id}.xlsx`)
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const wb = await readXlsx(x.body as Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '概况',
      '台账有系统无',
      '系统有台账无',
      '信息不一致',
      '无法核对',
    ]);
    expect(sheetRows(wb.getWorksheet('信息不一致')!)[1][4]).toBe('联系电话');
    const again = await t.http.get(`/reconciliations/${res.body.id}`).set(cw.auth).expect(200);
    expect(again.body.counts.differing).toBe(1);
    // Nothing was imported.
    expect(await countWorkersWithId(t, newcomer.id)).toBe(0);
  });
});

describe('templates', () => {
  it('gives an .xlsx template per kind with headers, an example row and a 说明 sheet', async () => {
    const res = await t.http
      .get('/imports/templates/placements')
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const wb = await readXlsx(res.body as Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['输出（就业）登记台账', '说明']);
    const rows = sheetRows(wb.worksheets[0]);
    expect(rows[0]).toContain('上岗日期');
    expect(rows).toHaveLength(2);
    expect(sheetRows(wb.getWorksheet('说明')!).length).toBeGreaterThan(5);
    await t.http.get('/imports/templates/pets').set(cw.auth).expect(400);
    void employerBody;
  });
});
