import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
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

/**
 * The one error shape of the API: `{ statusCode, error, message, details: [{ field, reason }] }`
 * (plus `code` for domain refusals). Unexpected errors are logged with their stack and
 * answered without internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  toBody(
    exception: unknown,
  ): { statusCode: number; error: string; message: string; details: FieldProblem[]; code?: string } & Record<
    string,
    unknown
  > {
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        error: ERROR_NAMES[exception.status] ?? 'Error',
        code: exception.code,
        message: exception.message,
        details: exception.details,
        ...exception.extra,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const r = exception.getResponse() as
        string | { message?: string | string[]; details?: FieldProblem[]; code?: string };
      const message =
        typeof r === 'string' ? r : Array.isArray(r.message) ? r.message.join('; ') : (r.message ?? exception.message);
      const details = typeof r === 'object' && Array.isArray(r.details) ? r.details : [];
      const code = typeof r === 'object' ? r.code : undefined;
      return { statusCode: status, error: ERROR_NAMES[status] ?? 'Error', message, details, ...(code ? { code } : {}) };
    }
    // Postgres' own guards (unique, foreign key, check) as a last line of defence.
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as unknown as { code?: string }).code;
      if (pgCode === '23505')
        return { statusCode: 409, error: 'Conflict', message: 'this record already exists', details: [] };
      if (pgCode === '23503')
        return { statusCode: 400, error: 'Bad Request', message: 'a referenced record does not exist', details: [] };
      if (pgCode === '23514')
        return { statusCode: 400, error: 'Bad Request', message: 'a value is out of its allowed range', details: [] };
    }
    // An Error goes to the logger whole (type, message, stack, a query error's fields), masked like every line.
    if (exception instanceof Error) this.log.error(exception);
    else this.log.error(String(exception));
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'an unexpected error occurred; it has been logged',
      details: [],
    };
  }
}
