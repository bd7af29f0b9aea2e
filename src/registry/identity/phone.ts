/**
 * Mainland China mobile numbers: 11 digits, 1[3-9]xxxxxxxxx. Input may carry a +86 / 86
 * country prefix and spaces or hyphens (138 1234 5678, 138-1234-5678, +86 13812345678).
 */
import { stripSpaces } from './text.js';

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

export const MOBILE_SHAPE = 'must be an 11-digit mainland mobile number starting with 13 to 19';

/** Checks a mainland mobile number and returns its 11 digits. */
export function parsePhone(raw: string): PhoneResult {
  if (typeof raw !== 'string') return { ok: false, reason: MOBILE_SHAPE };
  let s = stripSpaces(raw).replace(/[-\u2010-\u2015\u2212]/g, '');
  if (s.length === 0) return { ok: false, reason: 'is empty: enter an 11-digit mobile number' };
  if (s.startsWith('+')) {
    if (!s.startsWith('+86'))
      return { ok: false, reason: 'must be a mainland number: the only country code accepted is +86' };
    s = s.slice(3);
  } else if (s.length === 13 && s.startsWith('86')) {
    s = s.slice(2);
  }
  if (!/^\d+$/.test(s)) return { ok: false, reason: 'may contain only digits, spaces, hyphens and a leading +86' };
  if (s.length !== 11) return { ok: false, reason: `${MOBILE_SHAPE} (got ${s.length} digits)` };
  if (!/^1[3-9]/.test(s)) return { ok: false, reason: MOBILE_SHAPE };
  return { ok: true, phone: s };
}

/** For display and logs: `138****5678`. Anything that is not a valid mobile number is masked completely. */
export function maskPhone(phone: string): string {
  const r = parsePhone(phone);
  if (!r.ok) return '*'.repeat(11);
  return `${r.phone.slice(0, 3)}****${r.phone.slice(7)}`;
}
