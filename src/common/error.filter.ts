import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DatabaseErrors, HttpErrors } from './common.errors.js';
import { DomainError, FieldProblem } from './errors.js';

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The HTTP layer's own refusals by status (Nest's and Express's messages are English and never shown). */
const HTTP_BY_STATUS = new Map<number, (typeof HttpErrors)[keyof typeof HttpErrors]>(
  Object.values(HttpErrors).map((e) => [e.entry.status, e]),
);

type ErrorBody = { statusCode: number; error: string; code: string; message: string; details: FieldProblem[] } & Record<
  string,
  unknown
>;

/**
 * The one error shape of the API: `{ statusCode, error, code, message, details: [{ field, reason }] }`,
 * message and reasons in Chinese. Unexpected errors are logged with their stack and answered
 * without internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (res.headersSent) return;
    // A route's own @Header('Content-Type') is set before it runs: an error is JSON whatever the route serves.
    res.status(body.statusCode).type('application/json').json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) return bodyOf(exception);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = HTTP_BY_STATUS.get(status);
      if (known) return bodyOf(known());
      // A status without an entry of its own: the nearest general answer, under its real status.
      const near = bodyOf(status >= 500 ? HttpErrors.UNAVAILABLE() : HttpErrors.BAD_REQUEST());
      return { ...near, statusCode: status, error: ERROR_NAMES[status] ?? 'Error' };
    }
    // Postgres' own guards (unique, foreign key, check) as a last line of defence.
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as unknown as { code?: string }).code;
      if (pgCode === '23505') return bodyOf(DatabaseErrors.DUPLICATE());
      if (pgCode === '23503') return bodyOf(DatabaseErrors.MISSING_REFERENCE());
      if (pgCode === '23514') return bodyOf(DatabaseErrors.OUT_OF_RANGE());
      // Row-level security refused a write outside the user's offices (the reads are filtered, never refused).
      if (pgCode === '42501') return bodyOf(DatabaseErrors.OUT_OF_REACH());
      // A value the column's type cannot hold (a number past integer, a NUL in text, text where a number goes).
      if (pgCode && ['22003', '22021', '22P02', '22P05', '54001'].includes(pgCode))
        return bodyOf(DatabaseErrors.UNSTORABLE());
    }
    // Postgres down or restarting: the request could not be served now, which is not a fault of this code.
    if (databaseUnavailable(exception)) {
      this.log.warn(`database unavailable: ${(exception as Error).message}`);
      return bodyOf(DatabaseErrors.UNAVAILABLE());
    }
    // An Error goes to the logger whole (type, message, stack, a query error's fields), masked like every line.
    if (exception instanceof Error) this.log.error(exception);
    else this.log.error(String(exception));
    return bodyOf(HttpErrors.INTERNAL());
  }
}

/** Socket errors of a connection to Postgres that could not be made or was cut. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
/**
 * Postgres' own codes for "not now": class 08 (connection exception), 57P01–57P03 (shut down by an
 * administrator, crashed, cannot connect now: starting or stopping), 53300 (too many connections).
 */
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;

/** The error says the database could not be reached or went away (by its code, never its text). */
export function databaseUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return UNREACHABLE.has(code) || PG_UNAVAILABLE.test(code);
}

function bodyOf(e: DomainError): ErrorBody {
  return {
    statusCode: e.status,
    error: ERROR_NAMES[e.status] ?? 'Error',
    code: e.code,
    message: e.message,
    details: e.details,
    ...e.extra,
  };
}
