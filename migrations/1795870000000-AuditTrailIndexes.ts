import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trail's filters (by user, by action, by record, by date), each ending in id so a page is
 * read newest first from the index without sorting or counting millions of lines.
 */
export class AuditTrailIndexes1795870000000 implements MigrationInterface {
  name = 'AuditTrailIndexes1795870000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_actor" ON "audit_log" ("actorId", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_action" ON "audit_log" ("action", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_record" ON "audit_log" ("entity", "entityId", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_at" ON "audit_log" ("at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_log_at"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_log_record"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_log_action"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_log_actor"`);
  }
}
