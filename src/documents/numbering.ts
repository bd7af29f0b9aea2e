import type { EntityManager } from 'typeorm';

/**
 * The next number of a county's series in a year, inside the caller's transaction. The upsert
 * locks the counter row until commit, so concurrent callers queue instead of colliding,
 * and a rolled-back transaction gives its number back: no gaps, no duplicates. Each county
 * numbers its own documents, cases and claims from 1.
 */
export async function nextNumber(m: EntityManager, countyId: number, series: string, year: number): Promise<number> {
  const [{ last }] = await m.query(
    `INSERT INTO number_counters ("countyId", series, year, last) VALUES ($1, $2, $3, 1)
     ON CONFLICT ("countyId", series, year) DO UPDATE SET last = number_counters.last + 1
     RETURNING last`,
    [countyId, series, year],
  );
  return last;
}
