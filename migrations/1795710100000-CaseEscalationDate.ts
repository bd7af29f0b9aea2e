import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a case was escalated and the date it was registered or received there (立案日期 / 收件日期). */
export class CaseEscalationDate1795710100000 implements MigrationInterface {
  name = 'CaseEscalationDate1795710100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "escalatedTo" character varying(12)`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "escalatedOn" date`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "escalatedOn"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "escalatedTo"`);
  }
}
