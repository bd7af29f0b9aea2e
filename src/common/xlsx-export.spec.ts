import ExcelJS from 'exceljs';
import { inertCell, xlsxFile } from './xlsx-export.js';

async function read(file: ReturnType<typeof xlsxFile>): Promise<unknown[][]> {
  const chunks: Buffer[] = [];
  for await (const c of file.getStream()) chunks.push(c as Buffer);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as never);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('exports and formula injection', () => {
  it('puts an apostrophe before text a spreadsheet would run, and leaves numbers, phones and plain text alone', async () => {
    type Row = { v: string | number };
    const values: (string | number)[] = [
      '=1+1',
      '+SUM(A1)',
      '-2+3',
      '@A1',
      '\t=1',
      '\r=1',
      -5,
      '0458-5612345',
      '13800000000',
      '张三',
      '—',
    ];
    async function* pages() {
      yield values.map((v) => ({ v }));
    }
    const rows = await read(xlsxFile<Row>('t.xlsx', 't', [{ header: '值', value: (r) => r.v }], pages()));
    expect(rows.map((r) => r[0])).toEqual([
      '值',
      "'=1+1",
      "'+SUM(A1)",
      "'-2+3",
      "'@A1",
      "'\t=1",
      // The carriage return is written as a character reference: XML would read a bare one as a line feed.
      "'\r=1",
      -5,
      '0458-5612345',
      '13800000000',
      '张三',
      '—',
    ]);
  });

  it('passes non-text values through untouched', () => {
    const d = new Date(0);
    expect([inertCell(null), inertCell(3), inertCell(true), inertCell(d)]).toEqual([null, 3, true, d]);
  });
});
