/**
 * The limits a ledger upload is held to before it is parsed, so a small file cannot make the
 * API hold a huge one in memory: an .xlsx is a zip, and 80 KB of it can inflate to an 80 MB
 * cell or hundreds of thousands of rows. An .xlsx is checked by inflating its entries as a
 * stream and counting what comes out (the sizes a zip declares can lie), stopping at the
 * first limit passed; nothing but one chunk at a time is held.
 */
import { createInflateRaw } from 'node:zlib';
import { Logger } from '@nestjs/common';
import { LedgerErrors } from './ledgers.errors.js';
import { decodeText, type LedgerFileType, parseCsv, sniffLedgerFile } from './sheet-reader.js';

const log = new Logger('LedgerFile');

export const LEDGER_LIMITS = {
  /** Data rows of one sheet: a county's year of placements fits; a bigger ledger is split. */
  rows: 100_000,
  /** Excel's own limit for a cell: a longer one was not typed into Excel. */
  cellChars: 32_767,
  /** What one entry of the zip (a sheet, the shared strings) may inflate to. */
  entryBytes: 100 * 1024 * 1024,
  /** What the whole zip may inflate to. */
  totalBytes: 200 * 1024 * 1024,
};

/** What kind of ledger the upload is, once its size, kind and limits are checked. */
export async function acceptLedgerFile(file: { buffer: Buffer; size: number } | undefined): Promise<LedgerFileType> {
  const type = sniffLedgerFile(file);
  await checkLedgerLimits(type, file!.buffer);
  return type;
}

/** Throws the ledger error for the first limit the file passes. */
export async function checkLedgerLimits(type: LedgerFileType, buffer: Buffer): Promise<void> {
  if (type === 'csv') {
    let rows = 0;
    for (const r of parseCsv(decodeText(buffer)!, LEDGER_LIMITS.cellChars)) {
      void r;
      if (++rows > LEDGER_LIMITS.rows + HEADER_ALLOWANCE) throw tooManyRows();
    }
    return;
  }
  const entries = zipEntries(buffer);
  let total = 0;
  for (const e of entries) {
    if (e.declaredSize !== undefined && e.declaredSize > LEDGER_LIMITS.entryBytes) throw tooLarge();
    total += e.declaredSize ?? 0;
  }
  if (total > LEDGER_LIMITS.totalBytes) throw tooLarge();
  let inflated = 0;
  for (const e of entries) {
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(e.name);
    const scan = isSheet || e.name === 'xl/sharedStrings.xml' ? new XmlScan(isSheet) : null;
    const before = inflated;
    await inflateEntry(buffer, e, (chunk) => {
      inflated += chunk.length;
      if (inflated - before > LEDGER_LIMITS.entryBytes || inflated > LEDGER_LIMITS.totalBytes) throw tooLarge();
      scan?.feed(chunk);
    });
  }
}

/** The title rows offices put above the header are not data: allow for them. */
const HEADER_ALLOWANCE = 10;

const tooManyRows = () => LedgerErrors.TOO_MANY_ROWS({ limit: LEDGER_LIMITS.rows.toLocaleString('en-US') });
const tooLarge = () => LedgerErrors.INFLATES_TOO_LARGE({ limit: String(LEDGER_LIMITS.entryBytes / 1024 / 1024) });
const cellTooLong = () => LedgerErrors.CELL_TOO_LONG({ limit: LEDGER_LIMITS.cellChars.toLocaleString('en-US') });

/**
 * Counts a sheet's rows (`<row …>` elements) and the longest text between two tags (a cell's
 * text, a shared string) byte by byte, across chunk boundaries. Characters are counted as
 * UTF-8 lead bytes; an escaped character (&amp;) counts by its escape, which only a cell of
 * thousands of ampersands would notice.
 */
class XmlScan {
  private run = 0;
  /** How much of "<row" was just seen (0: none). */
  private match = 0;
  private rows = 0;

  constructor(private readonly countRows: boolean) {}

  feed(chunk: Buffer): void {
    const cap = LEDGER_LIMITS.cellChars;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === LT) {
        this.run = 0;
        this.match = 1;
        continue;
      }
      if (b === GT) {
        this.run = 0;
        if (this.match === 4) this.row();
        this.match = 0;
        continue;
      }
      if ((b & 0xc0) !== 0x80 && ++this.run > cap) throw cellTooLong();
      if (this.match === 0) continue;
      if (this.match < 4) this.match = b === ROW[this.match - 1] ? this.match + 1 : 0;
      else {
        if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x2f) this.row();
        this.match = 0;
      }
    }
  }

  private row(): void {
    if (this.countRows && ++this.rows > LEDGER_LIMITS.rows + HEADER_ALLOWANCE) throw tooManyRows();
  }
}

const LT = 0x3c;
const GT = 0x3e;
const ROW = [0x72, 0x6f, 0x77]; // r o w

interface ZipEntry {
  name: string;
  method: number;
  /** Where its compressed bytes start and how many there are. */
  dataStart: number;
  compressedSize: number;
  /** The uncompressed size it claims; undefined when not known from the directory. */
  declaredSize: number | undefined;
}

/** The entries named by the zip's central directory (zip64 sizes and offsets included). */
function zipEntries(b: Buffer): ZipEntry[] {
  const eocd = b.lastIndexOf(EOCD_SIGNATURE);
  if (eocd < 0 || eocd + 22 > b.length) throw LedgerErrors.UNREADABLE();
  let count = b.readUInt16LE(eocd + 10);
  let dirOffset = b.readUInt32LE(eocd + 16);
  const locator = eocd - 20;
  if ((count === 0xffff || dirOffset === 0xffffffff) && locator >= 0 && b.readUInt32LE(locator) === 0x07064b50) {
    const z64 = Number(b.readBigUInt64LE(locator + 8));
    if (z64 + 56 > b.length || b.readUInt32LE(z64) !== 0x06064b50) throw LedgerErrors.UNREADABLE();
    count = Number(b.readBigUInt64LE(z64 + 32));
    dirOffset = Number(b.readBigUInt64LE(z64 + 48));
  }
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw LedgerErrors.UNREADABLE();
    const method = b.readUInt16LE(p + 10);
    let compressedSize = b.readUInt32LE(p + 20);
    let size: number = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    let localOffset = b.readUInt32LE(p + 42);
    const name = b.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64: the fields that read 0xFFFFFFFF are in the extra field, in this order.
    let x = p + 46 + nameLen;
    const extraEnd = x + extraLen;
    while (x + 4 <= extraEnd) {
      const id = b.readUInt16LE(x);
      const len = b.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const next = () => {
          const v = Number(b.readBigUInt64LE(q));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      x += 4 + len;
    }
    if (localOffset + 30 > b.length || b.readUInt32LE(localOffset) !== 0x04034b50) throw LedgerErrors.UNREADABLE();
    const dataStart = localOffset + 30 + b.readUInt16LE(localOffset + 26) + b.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > b.length || (method !== 0 && method !== 8)) throw LedgerErrors.UNREADABLE();
    entries.push({
      name,
      method,
      dataStart,
      compressedSize,
      declaredSize: size === 0xffffffff ? undefined : size,
    });
    p = extraEnd + commentLen;
  }
  return entries;
}

const EOCD_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Hands the entry's inflated bytes to `each` chunk by chunk; an error thrown there stops the inflating. */
async function inflateEntry(b: Buffer, e: ZipEntry, each: (chunk: Buffer) => void): Promise<void> {
  const data = b.subarray(e.dataStart, e.dataStart + e.compressedSize);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += 64 * 1024) each(data.subarray(i, i + 64 * 1024));
    return;
  }
  const inflate = createInflateRaw();
  await new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      try {
        each(chunk);
      } catch (err) {
        inflate.destroy();
        reject(err);
      }
    });
    inflate.on('error', (err) => {
      log.warn(`xlsx entry refused as unreadable: ${err.message}`);
      reject(LedgerErrors.UNREADABLE());
    });
    inflate.on('end', resolve);
    inflate.end(data);
  });
}
