/**
 * One worksheet as an .xlsx (SpreadsheetML in a zip), written as text straight from the rows:
 * inline strings (no shared-string table to hold), a bold header row, column widths, and a
 * number format per column. The sheet's XML is made page by page and deflated as it goes,
 * so a large sheet costs a few chunks of memory, and the rows are pulled only as fast as
 * the file is read. A spreadsheet library's cell objects were most of an export's time.
 */
import { type ZipEntry, zipStream } from './zip-writer.js';

export type CellValue = string | number | boolean | Date | null | undefined;

export interface SheetColumn {
  header: string;
  width: number;
  /** Excel number format of the column's numbers, e.g. '#,##0.00'. */
  numFmt?: string;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Formats Excel knows by number; any other gets an id from 164 on. */
const BUILTIN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  'mm-dd-yy': 14,
  '@': 49,
};
/** A Date cell without a format of its column shows as a date (Excel's built-in 14). */
const DATE_FORMAT = 'mm-dd-yy';
/**
 * zlib's level 5: on a sheet's XML it packs within 1% of the default level 6 in half the
 * CPU time (level 6's longer lazy matching buys almost nothing on such repetitive text).
 */
const LEVEL = 5;
/** XML text is written in pieces of about this many characters. */
const PIECE = 1 << 16;

/**
 * Characters to escape (&, <, >; a carriage return, which XML would read back as a line
 * feed) or to drop: the control characters XML 1.0 cannot hold, U+FFFE/U+FFFF, and (the
 * u flag matches only those) surrogates without their pair, which become U+FFFD as
 * Node's UTF-8 encoder would make them.
 */
// eslint-disable-next-line no-control-regex -- control characters are what is matched
const SPECIAL = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]/u;
// eslint-disable-next-line no-control-regex -- control characters are what is matched
const SPECIAL_ALL = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const escapeChar = (c: string) =>
  ESCAPES[c] ?? (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff ? '\ufffd' : '');
/** Text with leading or trailing spaces, or line breaks, must say so or XML may drop them. */
const NEEDS_PRESERVE = /^\s|\s$|[\t\n\r]/;

/** Text fit for an XML text node or a double-quoted attribute. */
export function xmlText(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, escapeChar) : s;
}
const xmlAttr = (s: string) => xmlText(s).replace(/"/g, '&quot;');

/** A..Z, AA..ZZ, … for a zero-based column index. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Excel allows 31 characters and none of []:*?/\ in a sheet's name. */
function sheetName(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').trim();
  return [...(clean || 'Sheet1')].slice(0, 31).join('');
}

/** Style ids: 0 plain, 1 the header's bold, then one per number format used. */
class Styles {
  private formats: string[] = [];

  /** The style id of cells with this number format. */
  of(numFmt: string): number {
    let i = this.formats.indexOf(numFmt);
    if (i < 0) i = this.formats.push(numFmt) - 1;
    return 2 + i;
  }

  xml(): string {
    const custom = new Map<string, number>();
    for (const f of this.formats)
      if (BUILTIN_FORMATS[f] === undefined && !custom.has(f)) custom.set(f, 164 + custom.size);
    const idOf = (f: string) => BUILTIN_FORMATS[f] ?? custom.get(f)!;
    const numFmts = custom.size
      ? `<numFmts count="${custom.size}">${[...custom]
          .map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlAttr(code)}"/>`)
          .join('')}</numFmts>`
      : '';
    const font = '<sz val="11"/><name val="Calibri"/><family val="2"/>';
    const xfs = [
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
      ...this.formats.map(
        (f) => `<xf numFmtId="${idOf(f)}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
      ),
    ];
    return (
      `${DECL}<styleSheet xmlns="${NS}">${numFmts}` +
      `<fonts count="2"><font>${font}</font><font><b/>${font}</font></fonts>` +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

/** Excel's serial day number of a moment (days since 1899-12-30, UTC, as exceljs writes it). */
const excelDate = (d: Date) => 25569 + d.getTime() / 86_400_000;

/**
 * The .xlsx of one worksheet, chunk by chunk: the header row, then every row of every page
 * (a row is its cells' values in column order; null leaves the cell empty).
 */
export function xlsxStream(
  name: string,
  columns: SheetColumn[],
  pages: AsyncIterable<CellValue[][]>,
  opts: { level?: number; now?: Date } = {},
): AsyncGenerator<Buffer> {
  const styles = new Styles();
  const refs = columns.map((_, i) => columnName(i));
  const numberStyle = columns.map((c) => (c.numFmt ? styles.of(c.numFmt) : 0));
  const dateStyle = columns.map((c) => (c.numFmt ? styles.of(c.numFmt) : styles.of(DATE_FORMAT)));
  const cols = columns
    .map((c, i) => {
      const style = numberStyle[i] ? ` style="${numberStyle[i]}"` : '';
      return `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${style}/>`;
    })
    .join('');

  /** One cell's XML ('' for an empty one). */
  const cell = (v: CellValue, i: number, r: number): string => {
    if (v === null || v === undefined) return '';
    const ref = refs[i] + r;
    switch (typeof v) {
      case 'string': {
        if (v === '') return '';
        const space = NEEDS_PRESERVE.test(v) ? ' xml:space="preserve"' : '';
        return `<c r="${ref}" t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`;
      }
      case 'number':
        if (!Number.isFinite(v)) return '';
        return numberStyle[i] ? `<c r="${ref}" s="${numberStyle[i]}"><v>${v}</v></c>` : `<c r="${ref}"><v>${v}</v></c>`;
      case 'boolean':
        return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
      default:
        if (v instanceof Date && Number.isFinite(v.getTime()))
          return `<c r="${ref}" s="${dateStyle[i]}"><v>${excelDate(v)}</v></c>`;
        return '';
    }
  };

  async function* sheet(): AsyncGenerator<Buffer> {
    let xml =
      `${DECL}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">` +
      '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
      `<cols>${cols}</cols><sheetData><row r="1">` +
      columns
        .map((c, i) => `<c r="${refs[i]}1" s="1" t="inlineStr"><is><t>${xmlText(c.header)}</t></is></c>`)
        .join('') +
      '</row>';
    let r = 1;
    for await (const page of pages) {
      for (const row of page) {
        r++;
        let line = `<row r="${r}">`;
        for (let i = 0; i < row.length && i < columns.length; i++) line += cell(row[i], i, r);
        xml += `${line}</row>`;
        if (xml.length >= PIECE) {
          yield Buffer.from(xml, 'utf8');
          xml = '';
        }
      }
    }
    yield Buffer.from(`${xml}</sheetData></worksheet>`, 'utf8');
  }

  const text = (s: string) => Buffer.from(s, 'utf8');
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data: text(
        `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          '</Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: text(
        `${DECL}<Relationships xmlns="${PKG_REL_NS}">` +
          `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
          '</Relationships>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: text(
        `${DECL}<workbook xmlns="${NS}" xmlns:r="${REL_NS}">` +
          '<bookViews><workbookView/></bookViews>' +
          `<sheets><sheet name="${xmlAttr(sheetName(name))}" sheetId="1" r:id="rId1"/></sheets>` +
          '</workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: text(
        `${DECL}<Relationships xmlns="${PKG_REL_NS}">` +
          `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
          '</Relationships>',
      ),
    },
    // Every style is known before the first row: the header's and one per column format.
    { name: 'xl/styles.xml', data: text(styles.xml()) },
    { name: 'xl/worksheets/sheet1.xml', data: sheet() },
  ];
  return zipStream(entries, opts.level ?? LEVEL, opts.now);
}
