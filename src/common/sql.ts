/**
 * TypeORM's Postgres driver answers `query()` with the rows for SELECT/INSERT … RETURNING
 * but with `[rows, affectedCount]` for UPDATE/DELETE … RETURNING; this gives the rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return (result ?? []) as T[];
}
