import ExcelJS from 'exceljs';
import { currentReach, type Reach, requestContext } from './request-context.js';
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

  it('reads every page as the request that asked, though the file is read outside it', async () => {
    const mine: Reach = { counties: [7], station: null, county: 7, office: 7 };
    const seen: Reach[] = [];
    async function* pages() {
      try {
        for (let i = 0; i < 3; i++) {
          seen.push(currentReach());
          await new Promise((r) => setTimeout(r, 5));
          seen.push(currentReach());
          yield [{ v: i }];
        }
      } finally {
        seen.push(currentReach());
      }
    }
    const actor = { userId: 1, username: 'cw', role: 'caseworker' as const, reach: mine };
    const file = requestContext.run({ requestId: 'r1', actor }, () =>
      xlsxFile<{ v: number }>('t.xlsx', 't', [{ header: '值', value: (r) => r.v }], pages()),
    );
    // Read here, outside the request: what the pages see must still be the asker's reach.
    expect(currentReach()).not.toEqual(mine);
    const rows = await read(file);
    expect(rows).toEqual([['值'], [0], [1], [2]]);
    expect(seen).toHaveLength(7);
    expect(seen.every((r) => r === mine)).toBe(true);
  });
});
