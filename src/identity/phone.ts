/**
 * Mainland China mobile numbers: 11 digits, 1[3-9]xxxxxxxxx. Input may carry a +86 / 86
 * country prefix and spaces or hyphens (138 1234 5678, 138-1234-5678, +86 13812345678).
 */
import type { DomainError } from '../common/errors.js';
import { PhoneErrors } from './identity.errors.js';
import { stripSpaces } from './text.js';

export type PhoneResult = { ok: true; phone: string } | { ok: false; error: DomainError };

/** Checks a mainland mobile number and returns its 11 digits. */
export function parsePhone(raw: string): PhoneResult {
  if (typeof raw !== 'string') return { ok: false, error: PhoneErrors.SHAPE() };
  let s = stripSpaces(raw).replace(/[-\u2010-\u2015\u2212]/g, '');
  if (s.length === 0) return { ok: false, error: PhoneErrors.EMPTY() };
  if (s.startsWith('+')) {
    if (!s.startsWith('+86')) return { ok: false, error: PhoneErrors.COUNTRY() };
    s = s.slice(3);
  } else if (s.length === 13 && s.startsWith('86')) {
    s = s.slice(2);
  }
  if (!/^\d+$/.test(s)) return { ok: false, error: PhoneErrors.CHARACTERS() };
  if (s.length !== 11) return { ok: false, error: PhoneErrors.LENGTH({ length: s.length }) };
  if (!/^1[3-9]/.test(s)) return { ok: false, error: PhoneErrors.SHAPE() };
  return { ok: true, phone: s };
}

/** For display and logs: `138****5678`. Anything that is not a valid mobile number is masked completely. */
export function maskPhone(phone: string): string {
  const r = parsePhone(phone);
  if (!r.ok) return '*'.repeat(11);
  return `${r.phone.slice(0, 3)}****${r.phone.slice(7)}`;
}
