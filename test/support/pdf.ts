import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page, as a PDF reader extracts it (through the fonts' ToUnicode maps). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
  }
  await doc.destroy();
  return pages.join('\n');
}

/** Names of the fonts embedded in a PDF, without the subset tag (ABCDEF+NotoSerifSC… → NotoSerifSC…). */
export function embeddedFonts(pdf: Buffer): string[] {
  const names = [...pdf.toString('latin1').matchAll(/\/BaseFont\s*\/(?:[A-Z]{6}\+)?([^\s/<>[\]()]+)/g)].map(
    (m) => m[1],
  );
  return [...new Set(names)].sort();
}
