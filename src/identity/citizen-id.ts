/**
 * 公民身份号码 — the 18-character citizen identity number of GB 11643-1999:
 *
 *   RRRRRR YYYYMMDD SSS C
 *   region  birth    seq check   (seq: odd = male, even = female; check: ISO 7064 MOD 11-2)
 *
 * Reasons returned to callers are meant for a caseworker and never repeat the number itself:
 * identity numbers are personal data and must not end up in error messages or logs.
 */
import { assertCalendarDate, isCalendarDate, isRealDate, todayInShanghai } from './calendar-date.js';
import type { DomainError } from '../common/errors.js';
import { CitizenIdErrors } from './identity.errors.js';
import { normaliseCode } from './text.js';

export type Sex = 'male' | 'female';

export type CitizenIdResult =
  { ok: true; id: string; birthDate: string; sex: Sex; regionCode: string } | { ok: false; error: DomainError };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH = '1900-01-01';

/** The check character (0–9 or X) for the first 17 digits. Throws unless given exactly 17 digits. */
export function citizenIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('citizenIdCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Trim, full-width → half-width, drop spaces, x → X. Does not validate. */
export function normaliseCitizenId(raw: string): string {
  return normaliseCode(raw);
}

/**
 * Checks a citizen identity number and reads what it encodes.
 * @param today `YYYY-MM-DD`; birth dates after it are refused. Default: today in Asia/Shanghai.
 */
export function parseCitizenId(raw: string, today: string = todayInShanghai()): CitizenIdResult {
  assertCalendarDate(today, 'today');
  if (typeof raw !== 'string') return { ok: false, error: CitizenIdErrors.SHAPE() };
  const id = normaliseCitizenId(raw);
  if (id.length === 0) return { ok: false, error: CitizenIdErrors.EMPTY() };
  if (id.length !== 18) return { ok: false, error: CitizenIdErrors.LENGTH({ length: id.length }) };
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, error: /^[\dX]+$/.test(id) ? CitizenIdErrors.X_NOT_LAST() : CitizenIdErrors.CHARACTERS() };
  }
  const regionCode = id.slice(0, 6);
  if (regionCode[0] < '1' || regionCode[0] > '8') return { ok: false, error: CitizenIdErrors.REGION() };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(y, m, d)) return { ok: false, error: CitizenIdErrors.BIRTH_DATE_IMPOSSIBLE({ birthDate }) };
  if (birthDate < EARLIEST_BIRTH) return { ok: false, error: CitizenIdErrors.BIRTH_DATE_TOO_EARLY({ birthDate }) };
  if (birthDate > today) return { ok: false, error: CitizenIdErrors.BIRTH_DATE_IN_FUTURE({ birthDate }) };
  const expected = citizenIdCheckDigit(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, error: CitizenIdErrors.CHECK_DIGIT({ expected }) };
  const sex: Sex = (id.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  return { ok: true, id, birthDate, sex, regionCode };
}

/**
 * For display and logs: first 6 + 8 asterisks + last 4, e.g. `230781********1234`.
 * Anything that is not 18 characters after normalisation is masked completely.
 */
export function maskCitizenId(id: string): string {
  const s = typeof id === 'string' ? normaliseCitizenId(id) : '';
  if (s.length !== 18) return '*'.repeat(18);
  return `${s.slice(0, 6)}********${s.slice(14)}`;
}

/**
 * Age in whole years (周岁) on `date` (`YYYY-MM-DD`), from a citizen ID or a `YYYY-MM-DD` birth
 * date. Someone born on 29 February turns a year older on 1 March in a common year.
 * Throws a RangeError (without the number) for an invalid ID/date or a birth after `date`.
 */
export function ageOn(idOrBirthDate: string, date: string): number {
  assertCalendarDate(date, 'date');
  let birth: string;
  if (isCalendarDate(idOrBirthDate)) {
    birth = idOrBirthDate;
    if (birth > date) throw new RangeError('cannot compute an age: the birth date is after the given date');
  } else {
    const parsed = parseCitizenId(idOrBirthDate, date);
    if (!parsed.ok) throw new RangeError(`cannot compute an age from this citizen ID (${parsed.error.code})`);
    birth = parsed.birthDate;
  }
  const years = Number(date.slice(0, 4)) - Number(birth.slice(0, 4));
  return date.slice(5) < birth.slice(5) ? years - 1 : years;
}
