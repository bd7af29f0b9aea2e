/**
 * Every list endpoint can answer as an .xlsx: `Accept:
 * application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` or `?format=xlsx`, with the
 * same filters and the same masking as its JSON, streamed — rows are read page by page with a
 * keyset (id > last id) or through one cursor (cursorPages), and written as SpreadsheetML text
 * (xlsx-writer) straight into the response, so 100,000 rows are never all in memory.
 */
import { StreamableFile } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { shanghaiDateTimeOf } from './dates.js';
import { type CellValue, type SheetColumn, xlsxStream } from './xlsx-writer.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Rows per keyset page when exporting. */
export const EXPORT_PAGE = 1000;

/** `?format=xlsx` wins; otherwise an Accept header naming the xlsx type. */
export function wantsXlsx(accept: string | undefined, format?: string): boolean {
  if (format) return format === 'xlsx';
  return (accept ?? '').includes(XLSX_MIME);
}

export interface XlsxColumn<T> {
  header: string;
  value: (row: T) => CellValue;
  width?: number;
  /** Excel number format, e.g. '#,##0.00' for yuan. */
  numFmt?: string;
}

/** A keyset of a list: the service's own query (filters, masking) with `id > afterId`, ordered by id. */
export interface Keyset {
  afterId: number;
  limit: number;
}

/** Pages of a keyset list until one comes back short. */
export async function* keysetPages<T extends { id: number }>(
  fetch: (k: Keyset) => Promise<T[]>,
  limit = EXPORT_PAGE,
): AsyncGenerator<T[]> {
  let afterId = 0;
  for (;;) {
    const page = await fetch({ afterId, limit });
    if (page.length) yield page;
    if (page.length < limit) return;
    afterId = page[page.length - 1].id;
  }
}

/** Rows per FETCH when an export reads through a cursor. */
export const CURSOR_PAGE = 2000;

/**
 * The rows of one statement, read through a server-side cursor on one connection in one
 * read-only transaction (one plan, one snapshot, one pass over the rows, instead of a query per
 * page), `size` rows at a time, each mapped as it comes. The statement runs under the caller's
 * reach (the connection's settings, as any statement of the request). Stopping early (the
 * client went away) closes the cursor and gives the connection back.
 */
export async function* cursorPages<R, T>(
  db: DataSource,
  sql: string,
  params: unknown[],
  map: (row: R) => T,
  size = CURSOR_PAGE,
): AsyncGenerator<T[]> {
  const runner = db.createQueryRunner();
  let open = false;
  let next: Promise<R[]> | undefined;
  try {
    // One statement, not START TRANSACTION and then SET TRANSACTION: the pool's client may send
    // the caller's reach in the same message as a bare START TRANSACTION, and that counts as the
    // transaction's first query, after which SET TRANSACTION ISOLATION LEVEL is refused.
    await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    open = true;
    await runner.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, params);
    const fetch = (): Promise<R[]> => {
      const p: Promise<R[]> = runner.query(`FETCH ${Math.floor(size)} FROM export_rows`);
      // Handled here too: it may fail while the reader is still busy with the page before.
      p.catch(() => undefined);
      return p;
    };
    let page: Promise<R[]> = fetch();
    for (;;) {
      const rows = await page;
      next = undefined;
      // The next page is asked for before this one is written out, so that Postgres reads
      // it while the sheet is being made instead of after.
      if (rows.length >= size) next = page = fetch();
      if (rows.length) yield rows.map(map);
      if (rows.length < size) break;
    }
    await runner.query('COMMIT');
    open = false;
  } finally {
    // A page still on its way (the reader left) comes first on the connection; its failure is moot.
    if (next) await next.catch(() => undefined);
    if (open) await runner.query('ROLLBACK').catch(() => undefined);
    await runner.release();
  }
}

/** Offset pages, for a list whose service pages by offset only. */
export async function* offsetPages<T>(
  fetch: (page: number, pageSize: number) => Promise<T[]>,
  pageSize = 500,
): AsyncGenerator<T[]> {
  for (let page = 1; ; page++) {
    const rows = await fetch(page, pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
  }
}

/**
 * Text a spreadsheet would take for a formula when it is edited or saved as CSV (OWASP's
 * CSV-injection advice): `=`, `+`, `-`, `@`, tab or carriage return first. Such text leaves
 * with an apostrophe in front, readable as it was; numbers (negative amounts) are not text
 * and pass as they are. The ledger reader takes the apostrophe off again on re-upload.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export function inertCell<T>(v: T): T | string {
  return typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v;
}

/**
 * Streams the rows as one worksheet; the file name is offered as the download name. The file
 * is made as it is read: a slow client slows the reading of rows, and a client that goes away
 * (the response destroys the stream) stops the pages, whose source gives its connection back.
 */
export function xlsxFile<T>(
  fileName: string,
  sheetName: string,
  columns: XlsxColumn<T>[],
  pages: AsyncIterable<T[]>,
): StreamableFile {
  const sheet: SheetColumn[] = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length * 2 + 4),
    numFmt: c.numFmt,
  }));
  // The file is read later, from the response's callbacks, where the request that asked may no
  // longer be the current context: each step of reading the rows runs in the request's, so its
  // statements carry the asker's reach (see currentReach), never another's or none.
  const asRequest = AsyncLocalStorage.snapshot();
  const source = pages[Symbol.asyncIterator]();
  async function* cells(): AsyncGenerator<CellValue[][]> {
    try {
      for (;;) {
        const page = await asRequest(() => source.next());
        if (page.done) return;
        yield page.value.map((r) => columns.map((c) => inertCell(c.value(r))));
      }
    } finally {
      await asRequest(async () => source.return?.());
    }
  }
  return new StreamableFile(Readable.from(xlsxStream(sheetName, sheet, cells())), {
    type: XLSX_MIME,
    disposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}

/** A date/time as Asia/Shanghai `YYYY-MM-DD HH:mm` text for a sheet. */
export function shanghaiDateTime(d: Date | string | null | undefined): string | null {
  return d ? shanghaiDateTimeOf(d) : null;
}

/** Fen as yuan (a number, shown with two decimals by YUAN_FORMAT) for a sheet. */
export const YUAN_FORMAT = '#,##0.00';
export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? null : Math.round(fen) / 100;

/** A coded value's Chinese label in an export cell; an unknown code shows as itself rather than vanishing. */
export const labelOf = (map: Record<string, string>, v: unknown): string | null =>
  v == null ? null : (map[String(v)] ?? String(v));
