import type { EntityManager } from 'typeorm';

/**
 * The next number of a series in a year, inside the caller's transaction. The upsert
 * locks the counter row until commit, so concurrent callers queue instead of colliding,
 * and a rolled-back transaction gives its number back: no gaps, no duplicates.
 */
export async function nextNumber(m: EntityManager, series: string, year: number): Promise<number> {
  const [{ last }] = await m.query(
    `INSERT INTO number_counters (series, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (series, year) DO UPDATE SET last = number_counters.last + 1
     RETURNING last`,
    [series, year],
  );
  return last;
}
