import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's search matches case and document numbers too, and a term of one or two
 * characters (a two-character name) has no trigram: `number ILIKE '%董林%'` read all 260,000
 * documents (about 2 s a request under load) to find none. A number has a known shape: a head
 * (the county's prefix and the type's code, both of which may change over the years; 维权 for
 * cases) then `〔year〕n号`. The tail holds only digits, 〔, 〕 and 号, so a term of at most two
 * characters with any other character can only match in the head or across its last character
 * and the tail's 〔: `number ILIKE '%t%'` is then exactly `"numberHead" ILIKE '%t%'`, with
 * "numberHead" the number without the tail's digits, 〕 and 号 (the whole number when it has no
 * such tail). A county has a dozen heads: they are read through an index (a loose scan, each a
 * probe), matched in memory, and each matching head's rows come in number order from a second
 * index by an equality, which, unlike ILIKE, row-level security lets the planner use. Terms of
 * tail characters only (12, 〔2) keep the plain ILIKE: they are in nearly every number.
 */
const TABLES = [
  { table: 'cases', fn: 'case_number_heads' },
  { table: 'documents', fn: 'document_number_heads' },
];
const HEAD = `CASE WHEN number ~ '〔[0-9]+〕[0-9]+号$' THEN regexp_replace(number, '[0-9]+〕[0-9]+号$', '') ELSE number END`;

export class NumberHeadSearch1798100000000 implements MigrationInterface {
  name = 'NumberHeadSearch1798100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, fn } of TABLES) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN "numberHead" text GENERATED ALWAYS AS (${HEAD}) STORED`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_numberHead_number" ON ${table} ("numberHead", number)`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_county_numberHead" ON ${table} ("countyId", "numberHead")`);
      // The distinct heads of the caller's counties (the policies' own reach), one index probe each;
      // heads only, never a row: the caller reads the rows under its policies.
      await queryRunner.query(`
        CREATE FUNCTION ${fn}() RETURNS SETOF text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          WITH RECURSIVE counties AS (
            SELECT unnest(CASE WHEN app_sees_all() THEN ARRAY(SELECT id FROM offices) ELSE app_counties() END) AS c
          ), heads AS (
            SELECT c, (SELECT min(t."numberHead") FROM ${table} t WHERE t."countyId" = counties.c) AS v FROM counties
            UNION ALL
            SELECT c, (SELECT min(t."numberHead") FROM ${table} t WHERE t."countyId" = heads.c AND t."numberHead" > heads.v)
              FROM heads WHERE v IS NOT NULL
          )
          SELECT DISTINCT v FROM heads WHERE v IS NOT NULL
        $$`);
      await queryRunner.query(`REVOKE ALL ON FUNCTION ${fn}() FROM PUBLIC`);
      await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${fn}() TO labour_export_app`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, fn } of [...TABLES].reverse()) {
      await queryRunner.query(`DROP FUNCTION ${fn}()`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "numberHead"`);
    }
  }
}
