/**
 * Turning spreadsheet cells into the values the API takes: full-width → half-width, spaces
 * trimmed, IDs that Excel stored as numbers detected, dates as Excel serials or text in the
 * formats offices type, yuan → fen. Every refusal is a sentence for a caseworker (Chinese).
 */
import { isRealDate, toHalfWidth } from '../identity/index.js';

/** What a cell holds once formulas and rich text are resolved. */
export type Cell = string | number | boolean | Date | null;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** exceljs cell values (formula results, rich text, hyperlinks, errors) → a plain value. */
export function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o && o.result !== undefined) return plainCell(o.result);
    // A formula Excel never calculated (or saved without its value): keep it visible as such.
    if ('formula' in o || 'sharedFormula' in o) return `=${String(o.formula ?? o.sharedFormula)}`;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

/** Trimmed half-width text; '' for an empty cell. */
export function text(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return isoDate(c);
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(c);
  return (
    toHalfWidth(String(c))
      .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
      // Our own exports put an apostrophe before text that could read as a formula: it is not part of the value.
      .replace(/^'(?=[=+\-@\t\r])/, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** A spreadsheet date cell: a day with no zone, which exceljs hands over as that day's UTC midnight (not a moment in Shanghai). */
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The ID column: a number cell (or text like 2.30781E+17) means Excel turned the ID into a
 * number and the last digits are lost — say so instead of "check digit wrong".
 */
export function idCellProblem(c: Cell): string | null {
  if (typeof c === 'number') {
    const digits = String(Math.trunc(Math.abs(c))).length;
    if (digits === 15) return '身份证号被 Excel 存成了数字（15位）：请把这一列设为“文本”格式，并填写18位身份证号';
    return '身份证号被 Excel 存成了数字（如 2.30781E+17），末几位已经丢失：请把这一列设为“文本”格式后重新填写号码';
  }
  const t = text(c);
  if (t.startsWith('='))
    return `身份证号是 Excel 公式（${t.slice(0, 30)}），没有保存计算结果：请复制后“选择性粘贴为数值”，并把这一列设为“文本”格式`;
  if (/^\d(\.\d+)?e\+?\d+$/i.test(t))
    return `身份证号显示为科学计数法（${t}），说明 Excel 把它存成了数字，末几位已经丢失：请把这一列设为“文本”格式后重新填写号码`;
  return null;
}

/** Excel's day 0 is 1899-12-30 (with the 1900 leap-year bug folded in); serial 25569 is 1970-01-01. */
export function fromExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  return isoDate(new Date(Math.round((Math.floor(serial) - 25569) * 86_400_000)));
}

const DATE_TEXT = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** A date as a Date cell, an Excel serial, or text (2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301). */
export function parseDateCell(c: Cell): Parsed<string> {
  if (c instanceof Date) {
    // exceljs gives date cells as UTC midnight of the shown day.
    if (Number.isNaN(c.getTime())) return { ok: false, reason: '不是有效的日期' };
    return { ok: true, value: isoDate(new Date(Math.round(c.getTime() / 86_400_000) * 86_400_000)) };
  }
  if (typeof c === 'number') {
    const d = fromExcelSerial(c);
    return d ? { ok: true, value: d } : { ok: false, reason: `“${c}”不是有效的日期` };
  }
  const t = text(c)
    .replace(/\s+/g, '')
    .replace(/[T ].*$/, '');
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const d = fromExcelSerial(Number(t));
    if (d) return { ok: true, value: d };
  }
  for (const re of DATE_TEXT) {
    const m = re.exec(t);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isRealDate(y, mo, d)) return { ok: false, reason: `“${t}”这一天不存在` };
    return { ok: true, value: `${y}-${pad2(mo)}-${pad2(d)}` };
  }
  return { ok: false, reason: `“${t}”不是可识别的日期，请写成 2026-03-01、2026/3/1 或 2026年3月1日` };
}

/** Yuan (a number cell or text like 3,200.50 / ¥3200 / 3200元) → whole fen. */
export function parseYuanCell(c: Cell): Parsed<number> {
  let s: string;
  if (typeof c === 'number') s = String(Math.round(c * 100) / 100);
  else
    s = text(c)
      .replace(/[,，\s]/g, '')
      .replace(/^[¥￥]/, '')
      .replace(/元$/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s))
    return { ok: false, reason: `“${text(c)}”不是金额：请填以元为单位的数字，最多两位小数` };
  const [yuan, dec = ''] = s.split('.');
  const fen = Number(yuan) * 100 + Number(dec.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return { ok: false, reason: '金额太大' };
  return { ok: true, value: fen };
}

/** 是/否 and the words offices use. */
export function parseYesNo(c: Cell): Parsed<boolean> {
  if (typeof c === 'boolean') return { ok: true, value: c };
  const t = text(c);
  if (['是', '有组织', '有组织输出', '组织', 'Y', 'y', '1', 'TRUE', 'true', '√'].includes(t))
    return { ok: true, value: true };
  if (['否', '自发', '自主', '自发外出', 'N', 'n', '0', 'FALSE', 'false', '', '×'].includes(t))
    return { ok: true, value: false };
  return { ok: false, reason: `“${t}”应填“是”或“否”` };
}

/** A list cell: 电焊、叉车 / 电焊,叉车 / 电焊；叉车. */
export function splitList(c: Cell): string[] {
  return text(c)
    .split(/[、,，;；/|]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** 合同期限: 24个月, 2年, 无固定期限 → months or open-ended (informational only). */
export function parseContractTerm(c: Cell): Parsed<string> {
  const t = text(c).replace(/\s+/g, '');
  if (!t) return { ok: true, value: '' };
  if (/^无固定期限/.test(t)) return { ok: true, value: '无固定期限' };
  let m = /^(\d{1,3})(个月|月)?$/.exec(t);
  if (m) return { ok: true, value: `${Number(m[1])}个月` };
  m = /^(\d{1,2}(\.5)?)年$/.exec(t);
  if (m) return { ok: true, value: `${Number(m[1]) * 12}个月` };
  return { ok: false, reason: `“${t}”不是可识别的合同期限，请写成“24个月”“2年”或“无固定期限”` };
}

/** As uploaded, for the error report and the stored row (dates as YYYY-MM-DD, everything else as it was). */
export function storable(c: Cell): string | number | boolean | null {
  if (c instanceof Date) return isoDate(c);
  return c;
}
