import type { MigrationInterface, QueryRunner } from 'typeorm';

const REACH = `((SELECT app_sees_all()) OR w."countyId" = ANY ((SELECT app_counties())::integer[]))`;

/**
 * A search term found in a township's name finds that township's workers through the townships
 * table (a dozen names per county) and the btree on workers.township, not through a trigram index
 * over every worker's township. That index held the same few names hundreds of thousands of
 * times, and kept them up to date on every insert: about 40% of each workers INSERT of a ledger
 * import (500 rows: 38 ms with it, 23 ms without, on a copy of bench:import's database). The
 * search answers the same ids, since every worker's township is a row of townships (foreign key
 * FK_workers_township); a three-character name on 100,000 workers: 25 ms before, 10 ms after.
 */
export class WorkersTownshipSearch1797600000000 implements MigrationInterface {
  name = 'WorkersTownshipSearch1797600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // CREATE OR REPLACE keeps the function's owner and grants (SearchUnderRowSecurity).
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION workers_matching(pattern text) RETURNS SETOF integer
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT w.id FROM workers w WHERE w.name ILIKE pattern AND ${REACH}
        UNION
        SELECT w.id FROM workers w JOIN townships t ON t."countyId" = w."countyId" AND t.name = w.township
         WHERE t.name ILIKE pattern AND ${REACH}
      $$`);
    await queryRunner.query(`DROP INDEX "IDX_workers_township_trgm"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_workers_township_trgm" ON "workers" USING gin ("township" gin_trgm_ops)`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION workers_matching(pattern text) RETURNS SETOF integer
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT id FROM workers
         WHERE (name ILIKE pattern OR township ILIKE pattern) AND ((SELECT app_sees_all()) OR "countyId" = ANY ((SELECT app_counties())::integer[]))
      $$`);
  }
}
