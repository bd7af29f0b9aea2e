/**
 * Bank account numbers that subsidies are paid into: personal cards (16–19 digits) and
 * organisations' accounts (up to about 25 digits). Typed in groups of four or pasted from a
 * passbook, so spaces, hyphens and full-width digits are taken off before the digits are checked.
 */
import type { DomainError } from '../common/errors.js';
import { BankAccountErrors } from './identity.errors.js';
import { stripSpaces } from './text.js';

export type BankAccountResult = { ok: true; account: string } | { ok: false; error: DomainError };

export const BANK_ACCOUNT_MIN = 8;
export const BANK_ACCOUNT_MAX = 32;

/** Checks a bank account number and returns its digits. */
export function parseBankAccount(raw: string): BankAccountResult {
  if (typeof raw !== 'string') return { ok: false, error: BankAccountErrors.CHARACTERS() };
  const s = stripSpaces(raw).replace(/[-\u2010-\u2015\u2212]/g, '');
  if (s.length === 0) return { ok: false, error: BankAccountErrors.EMPTY() };
  if (!/^\d+$/.test(s)) return { ok: false, error: BankAccountErrors.CHARACTERS() };
  if (s.length < BANK_ACCOUNT_MIN || s.length > BANK_ACCOUNT_MAX)
    return { ok: false, error: BankAccountErrors.LENGTH({ length: s.length }) };
  return { ok: true, account: s };
}

/** For everyone but finance: the last four digits, enough to tell two accounts apart (`************1234`). */
export function maskBankAccount(account: string): string {
  const r = parseBankAccount(account);
  if (!r.ok) return '*'.repeat(BANK_ACCOUNT_MIN);
  return `${'*'.repeat(r.account.length - 4)}${r.account.slice(-4)}`;
}
