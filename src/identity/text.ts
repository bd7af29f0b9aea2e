/**
 * Input clean-up shared by the identity parsers. Numbers arrive typed by hand, pasted from
 * Word or Excel, or keyed in with a Chinese IME, so full-width characters (０-９, Ａ-Ｚ, ＋,
 * －), ideographic spaces and zero-width characters are common.
 */

/** Full-width ASCII (U+FF01–U+FF5E) → half-width; ideographic space (U+3000) → space. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Whitespace (incl. ideographic and no-break spaces) and zero-width characters. */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]/g;

/** Trim, full-width → half-width, drop all spaces and zero-width characters, upper-case. */
export function normaliseCode(raw: string): string {
  return toHalfWidth(raw).replace(INVISIBLE, '').toUpperCase();
}

/** Same as {@link normaliseCode} but keeps case (phone numbers have no letters anyway). */
export function stripSpaces(raw: string): string {
  return toHalfWidth(raw).replace(INVISIBLE, '');
}
