/**
 * 统一社会信用代码 — the 18-character unified social credit code of GB 32100-2015:
 *
 *   A T RRRRRR OOOOOOOOO C
 *   A registration authority (1 编办, 5 民政, 9 工商/市场监管, Y other …), T organisation type,
 *   R region code (6 digits), O organisation code (9 chars), C check character (mod 31).
 *
 * The alphabet is digits plus upper-case letters without I, O, Z, S and V (too easily read
 * as 1, 0, 2, 5 and U).
 */
import type { DomainError } from '../common/errors.js';
import { CreditCodeErrors } from './identity.errors.js';
import { normaliseCode } from './text.js';

export type CreditCodeResult = { ok: true; code: string } | { ok: false; error: DomainError };

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const FORBIDDEN: Record<string, string> = { I: '1', O: '0', Z: '2', S: '5', V: 'U' };

/** The check character for the first 17 characters. Throws unless they are 17 alphabet characters. */
export function creditCodeCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17) {
    throw new TypeError('creditCodeCheckChar needs exactly 17 characters');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new TypeError('creditCodeCheckChar: character outside the credit code alphabet');
    sum += v * WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Trim, full-width → half-width, drop spaces, upper-case. Does not validate. */
export function normaliseCreditCode(raw: string): string {
  return normaliseCode(raw);
}

/** Checks a unified social credit code and returns it normalised. */
export function parseCreditCode(raw: string): CreditCodeResult {
  if (typeof raw !== 'string') return { ok: false, error: CreditCodeErrors.SHAPE() };
  const code = normaliseCreditCode(raw);
  if (code.length === 0) return { ok: false, error: CreditCodeErrors.EMPTY() };
  if (code.length !== 18) return { ok: false, error: CreditCodeErrors.LENGTH({ length: code.length }) };
  for (let i = 0; i < 18; i++) {
    const c = code[i];
    if (c in FORBIDDEN) {
      return {
        ok: false,
        error: CreditCodeErrors.FORBIDDEN_LETTER({ position: i + 1, letter: c, meant: FORBIDDEN[c] }),
      };
    }
    if (!CREDIT_CODE_ALPHABET.includes(c)) return { ok: false, error: CreditCodeErrors.CHARACTER({ position: i + 1 }) };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, error: CreditCodeErrors.REGION() };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return { ok: false, error: CreditCodeErrors.CHECK_CHARACTER({ expected }) };
  return { ok: true, code };
}
