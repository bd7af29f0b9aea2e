import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding a person on a county of 250,000 workers. A full ID number or mobile number is an
 * equality (the unique key leads with the county, so the ID number gets its own index); a name
 * is matched anywhere in it (ILIKE '%…%'), which only a trigram index serves — for a term of
 * three characters or more (a full Chinese name, a piece of a 文号); a shorter term has no trigram,
 * so the index would hand back every row: the search reads the table for those instead (see
 * `matchesLike` in src/registry/registry.service.ts, and SearchUnderRowSecurity for the app's role).
 * pg_trgm is a trusted extension: the schema's owner may create it.
 */
export class CountySearchIndexes1796000000000 implements MigrationInterface {
  name = 'CountySearchIndexes1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE INDEX "IDX_workers_citizenId" ON "workers" ("citizenId")`);
    await queryRunner.query(`CREATE INDEX "IDX_workers_phone" ON "workers" ("phone")`);
    await queryRunner.query(`CREATE INDEX "IDX_workers_name_trgm" ON "workers" USING gin ("name" gin_trgm_ops)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_workers_township_trgm" ON "workers" USING gin ("township" gin_trgm_ops)`,
    );
    // The console's search also looks for the term in case and document numbers.
    await queryRunner.query(`CREATE INDEX "IDX_cases_number_trgm" ON "cases" USING gin ("number" gin_trgm_ops)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_documents_number_trgm" ON "documents" USING gin ("number" gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_documents_number_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_cases_number_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_workers_township_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_workers_name_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_workers_phone"`);
    await queryRunner.query(`DROP INDEX "IDX_workers_citizenId"`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
