import ExcelJS from 'exceljs';
import {
  fromExcelSerial,
  idCellProblem,
  parseContractTerm,
  parseDateCell,
  parseYesNo,
  parseYuanCell,
  plainCell,
  text,
} from './cells.js';
import { checkSurveyVisitRow, parsePeriod } from '../households/survey-visit-ledger.js';
import { checkWorkerRow } from './ledger-rows.js';
import { decodeText, parseCsv, readXlsx, sniffLedgerFile } from './sheet-reader.js';

describe('ledger cells', () => {
  it('reads dates as Excel serials, date cells and the text formats offices type', () => {
    expect(fromExcelSerial(46082)).toBe('2026-03-01');
    for (const v of [
      '2026-03-01',
      '2026/3/1',
      '2026.3.1',
      '2026年3月1日',
      '20260301',
      46082,
      '46082',
      new Date(Date.UTC(2026, 2, 1)),
    ]) {
      expect(parseDateCell(v)).toEqual({ ok: true, value: '2026-03-01' });
    }
    expect(parseDateCell('2026-02-30')).toMatchObject({ ok: false });
    expect(parseDateCell('下个月')).toMatchObject({ ok: false });
  });

  it('turns yuan into whole fen without floating-point drift', () => {
    expect(parseYuanCell('3,200.50')).toEqual({ ok: true, value: 320050 });
    expect(parseYuanCell(4000)).toEqual({ ok: true, value: 400000 });
    expect(parseYuanCell(19.99)).toEqual({ ok: true, value: 1999 });
    expect(parseYuanCell('￥80元')).toEqual({ ok: true, value: 8000 });
    expect(parseYuanCell('12.345')).toMatchObject({ ok: false });
  });

  // The imprecise numbers are the point: Excel keeps an 18-digit ID as a double.
  /* eslint-disable no-loss-of-precision */
  it('spots IDs Excel stored as numbers', () => {
    expect(idCellProblem(230781198503121234)).toMatch(/存成了数字/);
    expect(idCellProblem('2.30781E+17')).toMatch(/科学计数法/);
    expect(idCellProblem('230781198503121234')).toBeNull();
    expect(idCellProblem(plainCell({ formula: 'A2&B2' }))).toMatch(/公式/);
    expect(plainCell({ formula: 'A2&B2', result: '230781198503121234' })).toBe('230781198503121234');
    expect(idCellProblem(plainCell({ formula: 'VALUE(A2)', result: 230781198503121234 }))).toMatch(/存成了数字/);
  });
  /* eslint-enable no-loss-of-precision */

  it('normalises full-width characters and spaces', () => {
    expect(text('　１２３ Ａ ')).toBe('123 A');
    expect(parseYesNo('是')).toEqual({ ok: true, value: true });
    expect(parseContractTerm('2年')).toEqual({ ok: true, value: '24个月' });
  });

  it('drops the apostrophe our exports put before formula-like text, and only that one', () => {
    expect(text("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(text("'-5")).toBe('-5');
    expect(text("'+86 138")).toBe('+86 138');
    expect(text("'张三")).toBe("'张三");
    expect(text("''=1")).toBe("''=1");
  });

  it('checks a worker row with the API rules and says why in Chinese', () => {
    const bad = checkWorkerRow(
      new Map<string, unknown>([
        ['name', 'X'],
        ['citizenId', '230781198503121235'],
        ['phone', '12345'],
        ['township', '城关镇'],
      ]) as never,
    );
    expect(bad.data).toBeNull();
    expect(bad.reasons.join()).toMatch(/校验位/);
    expect(bad.reasons.join()).toMatch(/手机号码应为11位/);
    expect(bad.reasons.join()).toMatch(/姓名应为2到40/);
  });
});

describe('ledger files', () => {
  it('knows a file by its content', () => {
    expect(sniffLedgerFile({ buffer: Buffer.from('PK\x03\x04rest'), size: 8 })).toBe('xlsx');
    expect(sniffLedgerFile({ buffer: Buffer.from('姓名,身份证号\n'), size: 20 })).toBe('csv');
    expect(() => sniffLedgerFile({ buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), size: 7 })).toThrow(
      /不是 Excel/,
    );
    expect(() => sniffLedgerFile({ buffer: Buffer.alloc(1), size: 21 * 1024 * 1024 })).toThrow(/20 MB/);
  });

  it('decodes GBK CSV as Excel saves it on Chinese Windows', () => {
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xcf, 0xe7, 0xd5, 0xf2]); // 姓名,乡镇
    expect(decodeText(gbk)).toBe('姓名,乡镇');
    expect([...parseCsv('a,"b,""c"""\r\n1,2\n')].map((r) => r.cells)).toEqual([
      ['a', 'b,"c"'],
      ['1', '2'],
    ]);
  });

  it('streams a large .xlsx without breaking Chinese characters across chunks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    const names = Array.from(
      { length: 20_000 },
      (_, i) => `王${'建国华明丽芳'[i % 6]}${'伟强军勇杰涛'[(i * 7) % 6]}${i}`,
    );
    for (const n of names) ws.addRow([n, '城关镇']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    let i = 0;
    for await (const r of readXlsx(buf)) {
      expect(r.cells[0]).toBe(names[i]);
      i++;
    }
    expect(i).toBe(names.length);
  });

  it('reads a survey sheet row: the round as offices write it, the finding in words, the household by ID or address', () => {
    for (const v of ['2026H2', '2026h2', ' 2026 H2 ', '2026年下半年', '2026下半年'])
      expect(parsePeriod(v)).toBe('2026H2');
    expect(parsePeriod('2026年上半年')).toBe('2026H1');
    expect(parsePeriod('2026H3')).toBeNull();
    const cells = (o: Record<string, string>) => new Map(Object.entries(o));
    const ok = checkSurveyVisitRow(
      cells({
        period: '2026年下半年',
        township: '城关镇',
        address: '城关镇 幸福路12号',
        visitedOn: '2026/7/15',
        visitedBy: '李四',
        finding: '零就业家庭',
        note: '在家务农，愿外出',
      }),
    );
    expect(ok).toEqual({
      key: '2026H2|城关镇|城关镇幸福路12号',
      reasons: [],
      data: {
        period: '2026H2',
        township: '城关镇',
        address: '城关镇幸福路12号',
        visitedOn: '2026-07-15',
        visitedBy: '李四',
        finding: 'zero_employment',
        note: '在家务农，愿外出',
      },
    });
    const bad = checkSurveyVisitRow(
      cells({ period: '下半年', visitedOn: '2026-07-15', visitedBy: '', finding: '不知道' }),
    );
    expect(bad.data).toBeNull();
    expect(bad.reasons.join('；')).toMatch(
      /摸底轮次“下半年”.*户主身份证号和家庭地址都为空.*走访人为空.*走访情况“不知道”不认识/,
    );
  });
});
