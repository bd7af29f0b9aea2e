import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search term of one or two characters (a surname, a two-character name) has no trigram, so
 * `name ILIKE '%王芳%'` read every worker of the county (about 1.7 s under load on 250,000). Every
 * substring of one or two characters of the searched text, as an array under a GIN index, finds
 * exactly the rows ILIKE finds for such a term: `grams @> ARRAY[term]` (lower case on both
 * sides, as ILIKE ignores case). As with the trigram search (SearchUnderRowSecurity), `@>` is not
 * leakproof, so under row-level security the planner would not use the index: SECURITY DEFINER
 * functions match through it within the caller's counties and return ids, which the caller's
 * query reads under its own policies. They take the same LIKE pattern (`%term%`, its own % _ \
 * escaped) as the trigram functions. Workers' names and townships only: in case and document
 * numbers a two-character term is often in nearly every row (北劳, 〔2), and then the index and
 * its recheck cost far more than reading the rows (17.5 s against 0.5 s on 260,000 documents).
 */
const SEARCHES = [
  {
    fn: 'workers_matching_short',
    table: 'workers',
    index: 'IDX_workers_search_grams',
    grams: `(search_grams(name) || search_grams(township))`,
  },
];

export class ShortTermSearch1797500000000 implements MigrationInterface {
  name = 'ShortTermSearch1797500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION search_grams(s text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(lower(s), i, n)), '{}')
          FROM generate_series(1, 2) n, generate_series(1, char_length(s) - n + 1) i
      $$`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION search_grams(text) TO labour_export_app`);
    for (const s of SEARCHES) {
      await queryRunner.query(`CREATE INDEX "${s.index}" ON ${s.table} USING gin ((${s.grams}))`);
      await queryRunner.query(`
        CREATE FUNCTION ${s.fn}(pattern text) RETURNS SETOF integer
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT id FROM ${s.table}
           WHERE ${s.grams} @> ARRAY[lower(regexp_replace(substr(pattern, 2, char_length(pattern) - 2), '\\\\(.)', '\\1', 'g'))]
             AND ((SELECT app_sees_all()) OR "countyId" = ANY ((SELECT app_counties())::integer[]))
        $$`);
      await queryRunner.query(`REVOKE ALL ON FUNCTION ${s.fn}(text) FROM PUBLIC`);
      await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${s.fn}(text) TO labour_export_app`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const s of [...SEARCHES].reverse()) {
      await queryRunner.query(`DROP FUNCTION ${s.fn}(text)`);
      await queryRunner.query(`DROP INDEX "${s.index}"`);
    }
    await queryRunner.query(`DROP FUNCTION search_grams(text)`);
  }
}
