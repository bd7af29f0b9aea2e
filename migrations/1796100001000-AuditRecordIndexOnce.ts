import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trail kept two indexes on the record a line is about: ("entity", "entityId") from the
 * start and ("entity", "entityId", id) since AuditTrailIndexes, which serves every lookup the
 * first did (its leading columns are the same) and pages by id besides. Every audit line paid
 * for both; the shorter one goes.
 */
export class AuditRecordIndexOnce1796100001000 implements MigrationInterface {
  name = 'AuditRecordIndexOnce1796100001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_e3a9d2038eafa6c7cfe9e40853"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_e3a9d2038eafa6c7cfe9e40853" ON "audit_log" ("entity", "entityId")`);
  }
}
