import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The monthly figures (src/reports) count placements by employment start date. */
export class ReportIndexes1795584748430 implements MigrationInterface {
  name = 'ReportIndexes1795584748430';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_56fb28a44a7ca7102892120e4d" ON "placements" ("startDate") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_56fb28a44a7ca7102892120e4d"`);
  }
}
