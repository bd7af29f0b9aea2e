import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import { readXlsx } from '../ledgers/sheet-reader.js';
import { type CellValue, columnName, type SheetColumn, xlsxStream, xmlText } from './xlsx-writer.js';
import { xlsxFile } from './xlsx-export.js';

async function bytesOf(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const c of chunks) all.push(c);
  return Buffer.concat(all);
}

async function* once<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}

/**
 * The entries of a zip read the strict way: the central directory at the end, each local
 * header it points to, the data inflated and its CRC and sizes checked against both.
 */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.length - 22;
  expect(buf.readUInt32LE(end)).toBe(0x06054b50);
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  expect(p + buf.readUInt32LE(end + 12)).toBe(end);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const flags = buf.readUInt16LE(p + 8);
    const crc = buf.readUInt32LE(p + 16);
    const packed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const local = buf.readUInt32LE(p + 42);
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    expect(buf.toString('utf8', local + 30, local + 30 + buf.readUInt16LE(local + 26))).toBe(name);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = inflateRawSync(buf.subarray(start, start + packed));
    expect([data.length, crc32(data)]).toEqual([size, crc]);
    if (flags & 0x0008) {
      // The data descriptor after the data says the same.
      const d = start + packed;
      expect([buf.readUInt32LE(d), buf.readUInt32LE(d + 4), buf.readUInt32LE(d + 8), buf.readUInt32LE(d + 12)]).toEqual(
        [0x08074b50, crc, packed, size],
      );
    } else expect([buf.readUInt32LE(local + 14), buf.readUInt32LE(local + 22)]).toEqual([crc, size]);
    out.set(name, data);
    p += 46 + skip;
  }
  return out;
}

const COLUMNS: SheetColumn[] = [
  { header: '编号', width: 8 },
  { header: '姓名', width: 12 },
  { header: '月工资(元)', width: 14, numFmt: '#,##0.00' },
  { header: '比例', width: 10, numFmt: '0.0%' },
  { header: '有组织输出', width: 10 },
];

describe('the sheet writer', () => {
  it('writes a zip every entry of which reads back whole, with the parts a workbook needs', async () => {
    const rows: CellValue[][] = Array.from({ length: 5000 }, (_, i) => [
      i + 1,
      `张三${i}`,
      i * 1.5,
      i / 100,
      i % 2 === 0,
    ]);
    const buf = await bytesOf(xlsxStream('输出登记', COLUMNS, once(rows)));
    const entries = unzip(buf);
    expect([...entries.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = entries.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet).toContain('<row r="5001">');
    expect(sheet.endsWith('</sheetData></worksheet>')).toBe(true);
    expect(entries.get('xl/workbook.xml')!.toString('utf8')).toContain(
      '<sheet name="输出登记" sheetId="1" r:id="rId1"/>',
    );
  });

  it('reads back in exceljs with its headers, text, numbers, formats, widths and the bold header', async () => {
    const rows: CellValue[][] = [
      [1, '张三', 3200.5, 0.25, true],
      [2, '李四 ', 0, null, false],
      [3, null, -12.34, 1, null],
    ];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytesOf(xlsxStream('输出登记', COLUMNS, once(rows)))) as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('输出登记');
    const values: unknown[][] = [];
    ws.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values).toEqual([
      ['编号', '姓名', '月工资(元)', '比例', '有组织输出'],
      [1, '张三', 3200.5, 0.25, true],
      // Spaces at the ends are kept; an empty cell is a hole.
      [2, '李四 ', 0, undefined, false],
      [3, undefined, -12.34, 1],
    ]);
    expect(ws.getRow(1).getCell(2).font?.bold).toBe(true);
    expect(ws.getRow(2).getCell(2).font?.bold).toBeFalsy();
    expect(ws.getRow(2).getCell(3).numFmt).toBe('#,##0.00');
    expect(ws.getRow(4).getCell(3).numFmt).toBe('#,##0.00');
    expect(ws.getRow(2).getCell(4).numFmt).toBe('0.0%');
    expect(ws.columns.map((c) => c.width)).toEqual([8, 12, 14, 10, 10]);
  });

  it('escapes markup, keeps carriage returns, and drops what XML cannot hold', async () => {
    const tricky = [
      '<b>A & B</b> "引号" \'单\'',
      '第一行\r\n第二行\n第三行',
      '\ttab 开头',
      'bell\x07 null\x00 vt\x0b ff\x0c esc\x1b',
      'U+FFFE\ufffe U+FFFF\uffff',
      'lone \ud800 high, lone \udc00 low, pair 😀 𠀋',
      ']]> end of CDATA',
      '&amp; already',
    ];
    const buf = await bytesOf(xlsxStream('t', [{ header: '值', width: 40 }], once(tricky.map((v) => [v]))));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const got: unknown[] = [];
    wb.worksheets[0].eachRow((r) => got.push(r.getCell(1).value));
    expect(got).toEqual([
      '值',
      '<b>A & B</b> "引号" \'单\'',
      '第一行\r\n第二行\n第三行',
      '\ttab 开头',
      'bell null vt ff esc',
      'U+FFFE U+FFFF',
      'lone \ufffd high, lone \ufffd low, pair 😀 𠀋',
      ']]> end of CDATA',
      '&amp; already',
    ]);
    expect(xmlText('a<b&c>\rd')).toBe('a&lt;b&amp;c&gt;&#13;d');
  });

  it('names columns past Z as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes a date as a date, and a sheet name Excel would refuse as one it takes', async () => {
    const at = new Date(Date.UTC(2026, 2, 1, 12, 0));
    const buf = await bytesOf(
      xlsxStream('a/b:c*d?e[f]g\\h-and-more-than-thirty-one-chars', [{ header: '日期', width: 12 }], once([[at]])),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('a b c d e f g h-and-more-than-t');
    expect(ws.getRow(2).getCell(1).value).toEqual(at);
  });

  it('pulls rows only as fast as the file is read, and a reader that leaves ends the source', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<CellValue[][]> {
      try {
        for (;;) {
          pulled++;
          yield Array.from({ length: 500 }, (_, i) => [
            pulled * 1000 + i,
            `第${pulled}页的一行文字，压缩不了多少：${Math.random()}`,
          ]);
        }
      } finally {
        closed = true;
      }
    }
    const stream = Readable.from(
      xlsxStream(
        't',
        [
          { header: 'n', width: 8 },
          { header: 's', width: 40 },
        ],
        endless(),
      ),
    );
    const it = stream[Symbol.asyncIterator]();
    while (pulled < 3) await it.next();
    await new Promise((r) => setTimeout(r, 200));
    const early = pulled;
    await new Promise((r) => setTimeout(r, 200));
    // Nobody reads: nothing more is made than the buffers between hold.
    expect(pulled).toBe(early);
    expect(early).toBeLessThan(10);
    expect(closed).toBe(false);
    stream.destroy();
    await new Promise((r) => stream.once('close', r));
    for (let i = 0; i < 50 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closed).toBe(true);
  });

  it('fails the file when the rows fail, rather than ending it as if complete', async () => {
    async function* failing(): AsyncGenerator<CellValue[][]> {
      yield [[1]];
      throw new Error('the cursor broke');
    }
    await expect(bytesOf(xlsxStream('t', [{ header: 'n', width: 8 }], failing()))).rejects.toThrow('the cursor broke');
  });
});

describe('an export read back by the ledger reader (re-upload of an exported ledger)', () => {
  it('gives the exported values, with the formula guard’s apostrophe and Chinese text whole', async () => {
    type Row = { id: number; name: string; wage: number | null; note: string };
    // Long Chinese text in many rows: characters straddle the reader's chunk boundaries.
    const data: Row[] = Array.from({ length: 3000 }, (_, i) => ({
      id: i + 1,
      name: `曹${'永'.repeat(i % 5)}明`,
      wage: i % 3 ? 3200.5 + i : null,
      note: i === 7 ? '=HYPERLINK("http://x")' : `黑龙江省哈尔滨市南岗区第${i}号`,
    }));
    const file = xlsxFile<Row>(
      '人员.xlsx',
      '人员',
      [
        { header: '编号', value: (r) => r.id, width: 8 },
        { header: '姓名', value: (r) => r.name },
        { header: '月工资(元)', value: (r) => r.wage, numFmt: '#,##0.00' },
        { header: '备注', value: (r) => r.note, width: 30 },
      ],
      (async function* () {
        for (let i = 0; i < data.length; i += 1000) yield data.slice(i, i + 1000);
      })(),
    );
    const rows: unknown[][] = [];
    for await (const r of readXlsx(await bytesOf(file.getStream() as AsyncIterable<Buffer>))) rows.push(r.cells);
    expect(rows[0]).toEqual(['编号', '姓名', '月工资(元)', '备注']);
    expect(rows).toHaveLength(3001);
    const expected = data.map((r) => [r.id, r.name, r.wage, r.id === 8 ? `'${r.note}` : r.note]);
    expect(rows.slice(1)).toEqual(expected);
  });
});
