import type { DataSource } from 'typeorm';

/** What a figures query needs: a statement and its parameters. */
export interface Queryable {
  // As DataSource.query: rows of whatever shape the statement selects.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * Runs `work` with every statement on one connection of the pool, released at the end.
 * A report fires a dozen aggregates at once; on the pool each would take its own connection,
 * so a few users asking for figures together take every connection and the other requests
 * wait until the pool gives up on them. On one connection the statements queue in order
 * (node-postgres sends them one after another), and a request holds one connection however
 * many statements it sends.
 */
export async function onOneConnection<T>(db: DataSource, work: (q: Queryable) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  try {
    return await work({ query: (sql, params) => runner.query(sql, params as unknown[]) });
  } finally {
    await runner.release();
  }
}
