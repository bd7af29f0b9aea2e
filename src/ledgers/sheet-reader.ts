/**
 * Reads an uploaded ledger: .xlsx (by its zip signature, streamed with exceljs, first
 * worksheet only) or CSV (UTF-8 with or without BOM, or GBK as Excel saves it on Chinese
 * Windows). What the file is comes from its bytes, never from its name.
 */
import { Logger } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { excel } from '../common/exceljs.js';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { DomainError } from '../common/errors.js';
import { LedgerErrors } from './ledgers.errors.js';
import { Cell, plainCell } from './cells.js';

const log = new Logger('LedgerFile');

export const MAX_LEDGER_BYTES = 20 * 1024 * 1024;

export type LedgerFileType = 'xlsx' | 'csv';

export interface SheetRow {
  /** The row number as Excel shows it (1-based). */
  rowNo: number;
  cells: Cell[];
}

/** Checks presence, size and kind of the upload; answers the type. */
export function sniffLedgerFile(file: { buffer: Buffer; size: number } | undefined): LedgerFileType {
  if (!file || !file.size) throw LedgerErrors.FILE_MISSING();
  if (file.size > MAX_LEDGER_BYTES) throw LedgerErrors.FILE_TOO_LARGE();
  const b = file.buffer;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'xlsx';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw LedgerErrors.OLD_EXCEL();
  }
  if (decodeText(b) !== null) return 'csv';
  throw LedgerErrors.NOT_A_LEDGER();
}

/** UTF-8 (BOM optional) or GBK text without control bytes; null when it is not text. */
export function decodeText(b: Buffer): string | null {
  if (b.includes(0)) return null;
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    try {
      s = new TextDecoder('gbk', { fatal: true }).decode(b);
    } catch {
      return null;
    }
  }
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  // Text files have few control characters besides tab/CR/LF.
  // eslint-disable-next-line no-control-regex -- counting control bytes is the point
  const controls = (s.slice(0, 4096).match(/[\x01-\x08\x0e-\x1f\x7f]/g) ?? []).length;
  return controls > 0 ? null : s;
}

/**
 * RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF); tab-separated when the first line
 * has tabs and no commas. With `maxCell`, a field longer than that is refused as it grows.
 */
export function* parseCsv(textIn: string, maxCell = Infinity): Generator<SheetRow> {
  const firstLine = textIn.slice(0, textIn.indexOf('\n') >>> 0);
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let rowNo = 1;
  const n = textIn.length;
  for (let i = 0; i < n; i++) {
    const ch = textIn[i];
    if (quoted) {
      if (ch === '"') {
        if (textIn[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else if ((field += ch).length > maxCell) throw cellTooLong(maxCell);
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && textIn[i + 1] === '\n') i++;
      row.push(field);
      yield { rowNo, cells: row.map((c) => (c === '' ? null : c)) };
      rowNo++;
      row = [];
      field = '';
    } else if ((field += ch).length > maxCell) throw cellTooLong(maxCell);
  }
  if (field !== '' || row.length) {
    row.push(field);
    yield { rowNo, cells: row.map((c) => (c === '' ? null : c)) };
  }
}

const cellTooLong = (limit: number) => LedgerErrors.CELL_TOO_LONG({ limit: limit.toLocaleString('en-US') });

/** Buffers → text with a decoder that keeps a character split across two chunks whole. */
async function* utf8Chunks(it: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const d = new StringDecoder('utf8');
  for await (const c of it) {
    const s = typeof c === 'string' ? c : d.write(c);
    if (s) yield s;
  }
  const rest = d.end();
  if (rest) yield rest;
}

// exceljs's streaming reader decodes every zip chunk to text on its own, which breaks the
// Chinese characters that straddle two chunks (a 50,000-row ledger came back with 13 names
// like “曹\uFFFD\uFFFD永”). This reader hands it the shared strings and worksheets as text decoded
// across chunk boundaries; exceljs passes strings through untouched.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reader = new (input: unknown, options: unknown) => any;
let utf8Reader: Reader | undefined;
async function utf8WorkbookReader(): Promise<Reader> {
  const StreamingReader = (await excel()).stream.xlsx.WorkbookReader as unknown as Reader;
  utf8Reader ??= class Utf8WorkbookReader extends StreamingReader {
    _parseSharedStrings(entry: NodeJS.ReadableStream) {
      entry.setEncoding('utf8');
      return super._parseSharedStrings(entry);
    }

    _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
      return super._parseWorksheet(utf8Chunks(iterator), sheetNo);
    }
  };
  return utf8Reader;
}

/** The rows of the first worksheet of an .xlsx, streamed: the workbook is never held as objects. */
export async function* readXlsx(buffer: Buffer): AsyncGenerator<SheetRow> {
  const Utf8WorkbookReader = await utf8WorkbookReader();
  const reader = new Utf8WorkbookReader(Readable.from([buffer]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const ws of reader as unknown as AsyncIterable<AsyncIterable<ExcelJS.Row>>) {
      for await (const row of ws) {
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        yield { rowNo: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    // The user is told the file cannot be read; the log keeps why, for when a good file is refused.
    log.warn(`xlsx refused as unreadable: ${e instanceof Error ? e.message : String(e)}`);
    throw LedgerErrors.UNREADABLE();
  }
}

export async function* readRows(type: LedgerFileType, buffer: Buffer): AsyncGenerator<SheetRow> {
  if (type === 'xlsx') yield* readXlsx(buffer);
  else yield* parseCsv(decodeText(buffer)!);
}
