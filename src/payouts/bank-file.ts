/**
 * The bank file for the agency-payment channel (代发文件): one line per payee with the
 * reference, name, bank, whole account number and the amount in yuan with two decimals (no
 * thousands separators: banks' templates refuse them). xlsx with every cell as text, or CSV in
 * UTF-8 with a BOM and CRLF line ends. Pure: the same lines give the same rows.
 */
import { excel } from '../common/exceljs.js';
import { inertCell } from '../common/xlsx-export.js';
import type { BankFileFormat } from './payout.entity.js';

export interface BankFileLine {
  reference: string;
  payeeName: string;
  bankName: string;
  bankAccount: string;
  amountFen: number;
  purpose: string;
}

export const BANK_FILE_HEADERS = ['序号', '业务参考号', '收款人姓名', '开户银行', '收款账号', '金额（元）', '用途'];

/** Whole fen → "1234.50": integer arithmetic only. */
export function yuanText(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError('amount must be whole, non-negative fen');
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

export function bankFileRows(lines: BankFileLine[]): string[][] {
  return lines.map((l, i) => [
    String(i + 1),
    l.reference,
    l.payeeName,
    l.bankName,
    l.bankAccount,
    yuanText(l.amountFen),
    l.purpose,
  ]);
}

const csvCell = (v: string) => {
  const s = String(inertCell(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export async function bankFile(
  format: BankFileFormat,
  lines: BankFileLine[],
  meta: { title: string; createdAt: Date },
): Promise<Buffer> {
  const rows = [BANK_FILE_HEADERS, ...bankFileRows(lines)];
  if (format === 'csv')
    return Buffer.from(`\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
  const wb = new (await excel()).Workbook();
  // Fixed by the batch, not the clock: the file says when the batch was made.
  wb.created = meta.createdAt;
  wb.modified = meta.createdAt;
  wb.title = meta.title;
  const ws = wb.addWorksheet('代发明细');
  ws.columns = [6, 24, 14, 24, 26, 14, 24].map((width) => ({ width, style: { numFmt: '@' } }));
  for (const r of rows) ws.addRow(r.map((c) => inertCell(c)));
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
