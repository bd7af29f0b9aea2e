import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security lets the planner use an index only for leakproof operators: an equality
 * yes, ILIKE no. So for the app's role every `name ILIKE '%…%'` read the whole table however
 * it was indexed (EXPLAIN as the app: Seq Scan, 4.3 s on 260,000 documents; as the owner 0.2 ms
 * by the trigram index). These functions run the match as the owner, through the trigram index,
 * limited to the caller's counties (the same reach the policies read), and return ids only; the
 * caller's query then reads those rows under its own policies (a station's still its township).
 */
const SEARCHES = [
  { fn: 'workers_matching', table: 'workers', where: `(name ILIKE pattern OR township ILIKE pattern)` },
  { fn: 'cases_numbered_like', table: 'cases', where: `number ILIKE pattern` },
  { fn: 'documents_numbered_like', table: 'documents', where: `number ILIKE pattern` },
];

export class SearchUnderRowSecurity1796010000000 implements MigrationInterface {
  name = 'SearchUnderRowSecurity1796010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const s of SEARCHES) {
      await queryRunner.query(`
        CREATE FUNCTION ${s.fn}(pattern text) RETURNS SETOF integer
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT id FROM ${s.table}
           WHERE ${s.where} AND ((SELECT app_sees_all()) OR "countyId" = ANY ((SELECT app_counties())::integer[]))
        $$`);
      await queryRunner.query(`REVOKE ALL ON FUNCTION ${s.fn}(text) FROM PUBLIC`);
      await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${s.fn}(text) TO labour_export_app`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const s of [...SEARCHES].reverse()) await queryRunner.query(`DROP FUNCTION ${s.fn}(text)`);
  }
}
