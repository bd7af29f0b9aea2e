/**
 * Ledger uploads that would make the API hold far more than they weigh: a small .xlsx that
 * inflates to one huge cell, to hundreds of thousands of rows, or past what its zip claims;
 * CSVs with the same. Each is refused through the real API with its field and a Chinese
 * reason, and nothing is written; a cell at Excel's own limit still passes.
 */
import { checkLedgerLimits } from '../src/ledgers/upload-limits.js';
import { createTestApp, TestApp } from './support/app.js';
import { workbookParts, zipOf } from './support/xlsx.js';

type Auth = { Authorization: string };
let t: TestApp;
let cw: { auth: Auth };

beforeAll(async () => {
  t = await createTestApp();
  cw = await t.login('caseworker');
});
afterAll(() => t?.close());

const HEADER =
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>';
const COLUMNS = ['姓名', '身份证号', '乡镇', '联系电话'];
/** A data row whose one cell is the shared string after the columns'. */
const dataRow = (n: number) => `<row r="${n}"><c r="A${n}" t="s"><v>4</v></c></row>`;
const xlsx = (rows: string, strings: string[], extra: { name: string; data: Buffer; claimedSize?: number }[] = []) =>
  zipOf([...workbookParts(rows, strings), ...extra]);

function upload(file: Buffer, name: string) {
  return t.http
    .post('/imports')
    .set(cw.auth)
    .field('kind', 'workers')
    .attach('file', file, { filename: name, contentType: 'application/octet-stream' });
}

async function refused(file: Buffer, name: string, status: number, code: string, reason: RegExp): Promise<void> {
  const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM ledger_imports');
  const res = await upload(file, name).expect(status);
  expect(res.body.code).toBe(code);
  expect(res.body.details).toEqual([{ field: 'file', reason: expect.stringMatching(reason) }]);
  const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM ledger_imports');
  expect(after).toBe(before);
}

describe('a ledger upload is held to limits before it is parsed', () => {
  it('reads a workbook made the way the hostile ones below are made (so their refusal is the limits’)', async () => {
    const res = await upload(xlsx(HEADER + dataRow(2), [...COLUMNS, '张三']), 'ok.xlsx').expect(201);
    expect(res.body.total).toBe(1);
  });

  it('refuses a cell of 80 MB that packs into a few hundred KB', async () => {
    const file = xlsx(HEADER + dataRow(2), [...COLUMNS, 'A'.repeat(80 * 1024 * 1024)]);
    expect(file.length).toBeLessThan(1024 * 1024);
    await refused(file, 'cell.xlsx', 400, 'LEDGER.CELL_TOO_LONG', /超过 32,767 个字符/);
  });

  it('refuses 200,000 rows of one character', async () => {
    let rows = HEADER;
    for (let n = 2; n <= 200_001; n++) rows += dataRow(n);
    await refused(xlsx(rows, [...COLUMNS, '甲']), 'rows.xlsx', 413, 'LEDGER.TOO_MANY_ROWS', /超过 100,000 行/);
  });

  it('refuses an entry that inflates past the limit while its zip claims it is small', async () => {
    const pad = { name: 'xl/media/pad.bin', data: Buffer.alloc(101 * 1024 * 1024), claimedSize: 1000 };
    await refused(xlsx(HEADER, COLUMNS, [pad]), 'lie.xlsx', 413, 'LEDGER.INFLATES_TOO_LARGE', /解压后超过 100 MB/);
  });

  it('refuses an entry that says it is too large, without inflating it', async () => {
    const pad = { name: 'xl/media/pad.bin', data: Buffer.alloc(10), claimedSize: 3_000_000_000 };
    await refused(xlsx(HEADER, COLUMNS, [pad]), 'big.xlsx', 413, 'LEDGER.INFLATES_TOO_LARGE', /解压后超过/);
  });

  it('holds a CSV to the same rows and cell length', async () => {
    await refused(
      Buffer.from(`姓名,身份证号,乡镇,联系电话\n张三,"${'长'.repeat(40_000)}"\n`),
      'cell.csv',
      400,
      'LEDGER.CELL_TOO_LONG',
      /32,767/,
    );
    await refused(
      Buffer.from(`姓名,身份证号,乡镇,联系电话\n${'甲\n'.repeat(200_000)}`),
      'rows.csv',
      413,
      'LEDGER.TOO_MANY_ROWS',
      /100,000/,
    );
  });

  it('counts a cell in characters, not bytes: 32,767 Chinese characters pass, one more does not', async () => {
    const cell = (n: number) => xlsx(HEADER + dataRow(2), [...COLUMNS, '汉'.repeat(n)]);
    await expect(checkLedgerLimits('xlsx', cell(32_767))).resolves.toBeUndefined();
    await expect(checkLedgerLimits('xlsx', cell(32_768))).rejects.toMatchObject({ code: 'LEDGER.CELL_TOO_LONG' });
    let rows = HEADER;
    for (let n = 2; n <= 100_001; n++) rows += dataRow(n);
    await expect(checkLedgerLimits('xlsx', xlsx(rows, [...COLUMNS, '甲']))).resolves.toBeUndefined();
  });
});
