import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors.js';
import { intRangeProblems } from '../common/input-guards.js';
import { fieldProblems } from '../common/validation.js';

export type FormBody = Record<string, string | string[] | undefined>;
export type Errors = Record<string, string>;

/** The console's own words for a constraint, by its name: amounts are typed in 元 here, not fen. */
const CONSOLE_REASONS: Record<string, string> = { isFen: '请填写金额（元，最多两位小数）' };

/** Runs the API's own DTO validation on a console form; errors come back per field, in Chinese. */
export async function validateAs<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
): Promise<{ dto: T; errors: Errors }> {
  const dto = plainToInstance(cls, plain);
  const errors: Errors = {};
  for (const d of fieldProblems(
    await validate(dto, { whitelist: true, forbidUnknownValues: false }),
    '',
    CONSOLE_REASONS,
  ))
    errors[d.field] ??= d.reason;
  for (const d of intRangeProblems(dto)) errors[d.field] ??= d.reason;
  return { dto, errors };
}

/** A refusal from a service, as field errors (or `_form` when it is about the whole form), in its catalogue's words. */
export function errorsOf(e: unknown): Errors {
  if (!(e instanceof DomainError)) throw e;
  if (e.status >= 500) throw e;
  const out: Errors = {};
  for (const d of e.details) out[d.field] ??= d.reason;
  if (!e.details.length) out._form = e.message;
  return out;
}

/** Trimmed text of a form field ('' when absent). */
export const text = (b: FormBody, k: string): string => {
  const v = b[k];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
/** Every value of a field that may repeat (checkboxes): none, one or many. */
export const many = (b: FormBody, k: string): string[] => {
  const v = b[k];
  return Array.isArray(v) ? v : v ? [v] : [];
};
/** A whole number from a form field, or the text itself when it is not one (validation then says so). */
export const int = (b: FormBody, k: string): number | string | undefined => {
  const v = text(b, k);
  return v === '' ? undefined : /^\d{1,12}$/.test(v) ? Number(v) : v;
};
/** 元 as typed (e.g. 3200 or 3200.50) → fen; anything else is passed on for validation to refuse. */
export const fen = (b: FormBody, k: string): number | string | undefined => {
  const v = text(b, k).replace(/,/g, '');
  if (v === '') return undefined;
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(v);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : v;
};

/**
 * A payee's bank and account from a form. A new record sends them when either was typed; an
 * edit never shows the whole number, so it sends them when a new number was typed, or the bank
 * alone when only the bank changed (which validation then asks the number for).
 */
export function accountFields(
  b: FormBody,
  current?: { bankName: string | null },
): { bankName?: string; bankAccount?: string } {
  const bankName = text(b, 'bankName');
  const bankAccount = text(b, 'bankAccount');
  if (bankAccount) return { bankName, bankAccount };
  if (current ? bankName !== (current.bankName ?? '') : bankName) return { bankName };
  return {};
}

/**
 * Double-submit protection: every console form carries a one-time token. The first POST with
 * it claims it; a second POST with the same token (double click, reload, back-and-resubmit)
 * does nothing and is sent where the first one went.
 */
@Injectable()
export class FormOnce {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  static newToken(): string {
    return randomBytes(16).toString('base64url').slice(0, 22);
  }

  /** true: go ahead; otherwise the URL the first submission ended at (null if it has not finished or failed). */
  async claim(token: string, sessionId: string): Promise<true | { resultUrl: string | null }> {
    if (!/^[A-Za-z0-9_-]{16,32}$/.test(token)) return { resultUrl: null };
    const rows: unknown[] = await this.db.query(
      `INSERT INTO console_submissions (token, "sessionId") VALUES ($1, $2) ON CONFLICT (token) DO NOTHING RETURNING token`,
      [token, sessionId],
    );
    if (rows.length) return true;
    // The first one may still be running: wait briefly for its result.
    for (let i = 0; i < 20; i++) {
      const [row]: { resultUrl: string | null; sessionId: string }[] = await this.db.query(
        `SELECT "resultUrl", "sessionId" FROM console_submissions WHERE token = $1`,
        [token],
      );
      if (!row || row.sessionId !== sessionId) return { resultUrl: null };
      if (row.resultUrl) return { resultUrl: row.resultUrl };
      await new Promise((r) => setTimeout(r, 150));
    }
    return { resultUrl: null };
  }

  async done(token: string, resultUrl: string, result?: unknown): Promise<void> {
    await this.db.query(`UPDATE console_submissions SET "resultUrl" = $2, result = $3 WHERE token = $1`, [
      token,
      resultUrl,
      result === undefined ? null : JSON.stringify(result),
    ]);
    await this.db.query(`DELETE FROM console_submissions WHERE "createdAt" < now() - interval '2 days'`);
  }

  /** The stored result of one of this session's submissions (null if none). */
  async result(token: string, sessionId: string): Promise<unknown> {
    const [row]: { result: unknown }[] = await this.db.query(
      `SELECT result FROM console_submissions WHERE token = $1 AND "sessionId" = $2`,
      [token, sessionId],
    );
    return row?.result ?? null;
  }

  /** A refused submission frees its token, so the corrected form (a new token anyway) and a retry both work. */
  async release(token: string): Promise<void> {
    await this.db.query(`DELETE FROM console_submissions WHERE token = $1 AND "resultUrl" IS NULL`, [token]);
  }
}
