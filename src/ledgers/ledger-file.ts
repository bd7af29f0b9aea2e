/**
 * An uploaded ledger as rows keyed by column: finds the header row (offices often put a title
 * such as “XX镇劳务输出人员台账” above it), names the required columns that are missing, and
 * keeps every data row as uploaded for the error report.
 */
import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/errors.js';
import { Cell, storable, text } from './cells.js';
import { COLUMNS, headerIndex, type LedgerKind, normaliseHeader } from './columns.js';
import type { RowCells } from './ledger-rows.js';
import { type LedgerFileType, readRows, type SheetRow } from './sheet-reader.js';

export interface LedgerDataRow {
  rowNo: number;
  raw: (string | number | boolean | null)[];
  cells: RowCells;
}

export interface LedgerFile {
  headers: string[];
  headerRow: number;
  ignoredColumns: string[];
  rows: LedgerDataRow[];
}

const HEADER_SEARCH_ROWS = 10;

/**
 * Reads the whole file. `required` overrides which column keys must be present
 * (reconciliation needs fewer than an import).
 */
export async function readLedger(kind: LedgerKind, type: LedgerFileType, buffer: Buffer, required?: string[]): Promise<LedgerFile> {
  const index = headerIndex(kind);
  const mustHave = required ?? COLUMNS[kind].filter((c) => c.required).map((c) => c.key);
  const head: SheetRow[] = [];
  let header: { row: SheetRow; keys: (string | null)[] } | null = null;
  const rows: LedgerDataRow[] = [];
  const take = (r: SheetRow) => {
    if (!header) return;
    if (r.cells.every((c) => c === null || text(c) === '')) return;
    const cells: RowCells = new Map();
    header.keys.forEach((k, i) => {
      if (k && !cells.has(k)) cells.set(k, (r.cells[i] ?? null) as Cell);
    });
    rows.push({ rowNo: r.rowNo, raw: header.keys.map((_, i) => storable((r.cells[i] ?? null) as Cell)), cells });
  };
  const pickHeader = () => {
    let best: { row: SheetRow; keys: (string | null)[]; hits: number } | null = null;
    for (const r of head) {
      const keys = r.cells.map((c) => (c === null ? null : index.get(normaliseHeader(text(c))) ?? null));
      const hits = new Set(keys.filter(Boolean)).size;
      if (hits > (best?.hits ?? 0)) best = { row: r, keys, hits };
    }
    if (!best) {
      const names = COLUMNS[kind].filter((c) => mustHave.includes(c.key)).map((c) => c.header);
      throw new DomainError('LEDGER.NO_HEADER', `file: 前${HEADER_SEARCH_ROWS}行中找不到表头：应有这些列：${names.join('、')}`, HttpStatus.BAD_REQUEST,
        [{ field: 'file', reason: `找不到表头行，应有这些列：${names.join('、')}（可下载模板对照）` }]);
    }
    const present = new Set(best.keys.filter(Boolean));
    const missing = COLUMNS[kind].filter((c) => mustHave.includes(c.key) && !present.has(c.key));
    if (missing.length) {
      const names = missing.map((c) => c.header).join('、');
      throw new DomainError('LEDGER.MISSING_COLUMNS', `file: 缺少必填列：${names}`, HttpStatus.BAD_REQUEST,
        missing.map((c) => ({ field: c.header, reason: `缺少这一列（也可写作：${c.synonyms.slice(0, 3).join('、')}）` })));
    }
    header = best;
    for (const r of head) if (r.rowNo > best.row.rowNo) take(r);
  };
  for await (const r of readRows(type, buffer)) {
    if (header) take(r);
    else {
      head.push(r);
      if (head.length >= HEADER_SEARCH_ROWS) pickHeader();
    }
  }
  if (!header) pickHeader();
  const h = header as unknown as { row: SheetRow; keys: (string | null)[] };
  const headers = h.keys.map((_, i) => text((h.row.cells[i] ?? null) as Cell));
  return {
    headers,
    headerRow: h.row.rowNo,
    ignoredColumns: headers.filter((t, i) => t && !h.keys[i]),
    rows,
  };
}
