import { QueryFailedError } from 'typeorm';

/**
 * TypeORM's Postgres driver answers `query()` with the rows for SELECT/INSERT … RETURNING
 * but with `[rows, affectedCount]` for UPDATE/DELETE … RETURNING; this gives the rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return (result ?? []) as T[];
}

/** A refusal by one of Postgres' own guards (unique, foreign key, check, not-null: class 23), as opposed to a lost connection or a deadlock. */
export function isConstraintViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && /^23/.test(String((e as unknown as { code?: string }).code ?? ''));
}

/**
 * The parameters of one statement written in parts by several services (each part a CTE):
 * `add(value)` keeps the value and answers its placeholder (`$1`, `$2`, …).
 */
export class StatementParams {
  readonly values: unknown[] = [];
  readonly add = (value: unknown): string => {
    this.values.push(value);
    return `$${this.values.length}`;
  };
}
