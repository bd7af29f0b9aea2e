/**
 * The bank's return file (回盘文件): for each line its reference, paid or failed, the reason of a
 * failure, the date and (when the bank gives it) the amount. Read from xlsx or CSV by the
 * ledger reader (header row found among the first rows, synonyms accepted); each row that cannot
 * be read is a problem named by its row number, and the whole file is refused then: a return is
 * applied whole or not at all.
 */
import { type Cell, parseDateCell, parseYuanCell, text } from '../ledgers/cells.js';
import type { LedgerColumn } from '../ledgers/columns.js';
import { readLedger } from '../ledgers/ledger-file.js';
import type { LedgerFileType } from '../ledgers/sheet-reader.js';
import type { ReturnLine } from './payout.entity.js';

const col = (key: string, header: string, synonyms: string[], required: boolean): LedgerColumn => ({
  key,
  header,
  synonyms,
  required,
  note: '',
  example: '',
});

export const RETURN_COLUMNS: LedgerColumn[] = [
  col('reference', '业务参考号', ['参考号', '交易参考号', '业务流水号', '流水号', '摘要号', '客户参考号'], true),
  col('result', '处理结果', ['结果', '交易结果', '代发结果', '状态', '交易状态'], true),
  col('reason', '失败原因', ['原因', '备注', '失败说明', '错误信息'], false),
  col('date', '处理日期', ['日期', '交易日期', '入账日期', '记账日期'], true),
  col('amount', '金额（元）', ['金额', '交易金额', '代发金额', '金额(元)'], false),
];

const PAID = new Set(['成功', '已入账', '入账成功', '代发成功', '交易成功', '已支付', '支付成功', '已发放']);
const FAILED = new Set(['失败', '交易失败', '代发失败', '入账失败', '退汇', '已退汇', '退票', '支付失败']);

export interface ReturnProblem {
  row: number;
  reason: string;
}

export function parseReturnRows(rows: { rowNo: number; cells: Map<string, Cell> }[]): {
  lines: ReturnLine[];
  problems: ReturnProblem[];
} {
  const lines: ReturnLine[] = [];
  const problems: ReturnProblem[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const cell = (k: string) => r.cells.get(k) ?? null;
    const bad = (reason: string) => problems.push({ row: r.rowNo, reason });
    const reference = text(cell('reference')).toUpperCase();
    if (!reference) {
      bad('业务参考号为空');
      continue;
    }
    if (reference.length > 24) {
      bad(`业务参考号“${reference.slice(0, 30)}”过长`);
      continue;
    }
    const earlier = seen.get(reference);
    if (earlier !== undefined) {
      bad(`业务参考号${reference}与第${earlier}行重复`);
      continue;
    }
    seen.set(reference, r.rowNo);
    const word = text(cell('result'));
    const result = PAID.has(word) ? 'paid' : FAILED.has(word) ? 'failed' : null;
    if (!result) {
      bad(`处理结果“${word.slice(0, 20)}”无法识别：请填“成功”或“失败”`);
      continue;
    }
    const reason = text(cell('reason')).slice(0, 200) || null;
    if (result === 'failed' && !reason) {
      bad(`业务参考号${reference}代发失败，但没有失败原因`);
      continue;
    }
    const date = parseDateCell(cell('date'));
    if (!date.ok) {
      bad(`处理日期：${date.reason}`);
      continue;
    }
    let amountFen: number | null = null;
    if (text(cell('amount')) !== '') {
      const a = parseYuanCell(cell('amount'));
      if (!a.ok) {
        bad(`金额：${a.reason}`);
        continue;
      }
      amountFen = a.value;
    }
    lines.push({
      rowNo: r.rowNo,
      reference,
      amountFen,
      result,
      reason: result === 'failed' ? reason : null,
      date: date.value,
    });
  }
  return { lines, problems };
}

/** Reads the uploaded file (the ledger reader's refusals name a missing header or column). */
export async function readReturnFile(type: LedgerFileType, buffer: Buffer) {
  const file = await readLedger(RETURN_COLUMNS, type, buffer);
  return parseReturnRows(file.rows);
}
