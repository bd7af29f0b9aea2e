import { HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * A refusal the domain can explain: a stable code (e.g. `CLAIM.ALREADY_DECIDED`), the HTTP
 * status it maps to at the edge, a message a caseworker understands, and optional
 * field-level details. Never carries personal data.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = HttpStatus.BAD_REQUEST,
    readonly details: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (field: string, reason: string, code = 'VALIDATION.FAILED') =>
  new DomainError(code, `${field}: ${reason}`, HttpStatus.BAD_REQUEST, [{ field, reason }]);

export const notFound = (what: string, code = 'NOT_FOUND') =>
  new DomainError(code, `${what} not found`, HttpStatus.NOT_FOUND);

export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new DomainError(code, message, HttpStatus.CONFLICT, [], extra);
