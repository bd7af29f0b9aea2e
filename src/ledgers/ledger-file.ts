/**
 * An uploaded ledger as rows keyed by column: finds the header row (offices often put a title
 * such as “XX镇劳务输出人员台账” above it), names the required columns that are missing, and
 * keeps every data row as uploaded for the error report.
 */
import { LedgerErrors } from './ledgers.errors.js';
import { Cell, storable, text } from './cells.js';
import { headerIndex, type LedgerColumn, normaliseHeader } from './columns.js';
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

export interface LedgerStream {
  headers: string[];
  headerRow: number;
  ignoredColumns: string[];
  /** The data rows after the header row, empty rows skipped. */
  rows: AsyncGenerator<LedgerDataRow>;
}

/**
 * Opens the file: finds the header row among the first rows and checks the required columns
 * (`required` overrides which keys must be present: reconciliation needs fewer than an import).
 * The data rows then come one by one, so a caller can work in chunks.
 */
export async function openLedger(
  columns: LedgerColumn[],
  type: LedgerFileType,
  buffer: Buffer,
  required?: string[],
): Promise<LedgerStream> {
  const index = headerIndex(columns);
  const mustHave = required ?? columns.filter((c) => c.required).map((c) => c.key);
  const it = readRows(type, buffer)[Symbol.asyncIterator]();
  const head: SheetRow[] = [];
  while (head.length < HEADER_SEARCH_ROWS) {
    const n = await it.next();
    if (n.done) break;
    head.push(n.value);
  }
  let best: { row: SheetRow; keys: (string | null)[]; hits: number } | null = null;
  for (const r of head) {
    const keys = r.cells.map((c) => (c === null ? null : (index.get(normaliseHeader(text(c))) ?? null)));
    const hits = new Set(keys.filter(Boolean)).size;
    if (hits > (best?.hits ?? 0)) best = { row: r, keys, hits };
  }
  if (!best) {
    const names = columns.filter((c) => mustHave.includes(c.key)).map((c) => c.header);
    throw LedgerErrors.NO_HEADER({ rows: HEADER_SEARCH_ROWS, columns: names.join('、') });
  }
  const present = new Set(best.keys.filter(Boolean));
  const missing = columns.filter((c) => mustHave.includes(c.key) && !present.has(c.key));
  if (missing.length) {
    const names = missing.map((c) => c.header).join('、');
    throw LedgerErrors.MISSING_COLUMNS({ columns: names }).withDetails(
      missing.map((c) => ({ field: c.header, reason: `缺少这一列（也可写作：${c.synonyms.slice(0, 3).join('、')}）` })),
    );
  }
  const header = best;
  const toRow = (r: SheetRow): LedgerDataRow | null => {
    if (r.cells.every((c) => c === null || text(c) === '')) return null;
    const cells: RowCells = new Map();
    header.keys.forEach((k, i) => {
      if (k && !cells.has(k)) cells.set(k, (r.cells[i] ?? null) as Cell);
    });
    return { rowNo: r.rowNo, raw: header.keys.map((_, i) => storable((r.cells[i] ?? null) as Cell)), cells };
  };
  async function* rows(): AsyncGenerator<LedgerDataRow> {
    for (const r of head) {
      if (r.rowNo <= header.row.rowNo) continue;
      const d = toRow(r);
      if (d) yield d;
    }
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      const d = toRow(n.value);
      if (d) yield d;
    }
  }
  const headers = header.keys.map((_, i) => text((header.row.cells[i] ?? null) as Cell));
  return {
    headers,
    headerRow: header.row.rowNo,
    ignoredColumns: headers.filter((t, i) => t && !header.keys[i]),
    rows: rows(),
  };
}

/** The whole file at once (small files: reconciliation). */
export async function readLedger(
  columns: LedgerColumn[],
  type: LedgerFileType,
  buffer: Buffer,
  required?: string[],
): Promise<LedgerFile> {
  const l = await openLedger(columns, type, buffer, required);
  const rows: LedgerDataRow[] = [];
  for await (const r of l.rows) rows.push(r);
  return { headers: l.headers, headerRow: l.headerRow, ignoredColumns: l.ignoredColumns, rows };
}
