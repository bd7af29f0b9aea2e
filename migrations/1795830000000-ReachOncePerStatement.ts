import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The reach as every policy reads it since Offices1795780000000. */
const PER_ROW_COUNTY = 'app_sees_county("countyId")';
const PER_ROW_STATION = 'app_station()';
/** The same reach read once per statement: uncorrelated sub-selects are InitPlans, evaluated once. */
// The cast makes ANY take the sub-select's one array, not its rows.
const ONCE_COUNTY = '((SELECT app_sees_all()) OR ("countyId" = ANY ((SELECT app_counties())::integer[])))';
const ONCE_STATION = '(SELECT app_station())';

type Policy = { table: string; name: string; qual: string | null; check: string | null };

/**
 * Row-level security read the acting user's reach for every row it looked at: a policy's
 * `app_sees_county("countyId")` parsed the `app.counties` setting once per row (at 100,000
 * workers, some 120 ms of a county-wide list). Each policy now reads the reach once per statement,
 * as InitPlans, and compares each row with a ready array. Who sees what does not change:
 * `*` still sees everything, an empty reach nothing, a list exactly those counties; the station
 * test reads the same setting.
 */
export class ReachOncePerStatement1795830000000 implements MigrationInterface {
  name = 'ReachOncePerStatement1795830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION app_sees_all() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('app.counties', true), '') = '*' $$`);
    await queryRunner.query(`CREATE FUNCTION app_counties() RETURNS integer[] LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN coalesce(current_setting('app.counties', true), '') IN ('', '*') THEN '{}'::integer[]
    ELSE string_to_array(current_setting('app.counties', true), ',')::integer[] END $$`);
    await rewrite(queryRunner, (e) =>
      e.split(PER_ROW_COUNTY).join(ONCE_COUNTY).split(PER_ROW_STATION).join(ONCE_STATION),
    );
    await expectNone(queryRunner, /app_sees_county\(|(?<!SELECT )app_station\(\)/);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Postgres prints a stored sub-select back as `( SELECT f() AS f)`: matched in either form.
    const county =
      /\(\(\s*SELECT app_sees_all\(\)(?: AS app_sees_all)?\)\s+OR\s+\("countyId" = ANY \(\(\s*SELECT app_counties\(\)(?: AS app_counties)?\)(?:::integer\[\])?\)\)\)/g;
    const station = /\(\s*SELECT app_station\(\)(?: AS app_station)?\)/g;
    await rewrite(queryRunner, (e) => e.replace(county, PER_ROW_COUNTY).replace(station, PER_ROW_STATION));
    await expectNone(queryRunner, /app_sees_all|app_counties|SELECT app_station/);
    await queryRunner.query(`DROP FUNCTION app_counties()`);
    await queryRunner.query(`DROP FUNCTION app_sees_all()`);
  }
}

/** Every policy of ours that reads the reach, its expressions changed by `change`. */
async function rewrite(queryRunner: QueryRunner, change: (expr: string) => string): Promise<void> {
  const policies: Policy[] = await queryRunner.query(
    `SELECT tablename AS "table", policyname AS name, qual, with_check AS "check" FROM pg_policies
      WHERE schemaname = current_schema() AND (qual ~ 'app_(sees|station|counties)' OR with_check ~ 'app_(sees|station|counties)')`,
  );
  for (const p of policies) {
    const using = p.qual === null ? '' : ` USING (${change(p.qual)})`;
    const check = p.check === null ? '' : ` WITH CHECK (${change(p.check)})`;
    await queryRunner.query(`ALTER POLICY "${p.name}" ON "${p.table}"${using}${check}`);
  }
}

/** Refuses to finish while a policy still reads the reach the old way (a rewrite that missed one). */
async function expectNone(queryRunner: QueryRunner, left: RegExp): Promise<void> {
  const rows: { tablename: string; qual: string | null; with_check: string | null }[] = await queryRunner.query(
    `SELECT tablename, qual, with_check FROM pg_policies WHERE schemaname = current_schema()`,
  );
  const missed = rows.filter((r) => left.test(r.qual ?? '') || left.test(r.with_check ?? '')).map((r) => r.tablename);
  if (missed.length) throw new Error(`the reach is still read per row on: ${missed.join(', ')}`);
}
