import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A fifth ledger kind: the townships' 摸底走访台账 (survey visits of a round). */
export class SurveyVisitLedger1795600000000 implements MigrationInterface {
  name = 'SurveyVisitLedger1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ledger_imports" DROP CONSTRAINT "CHK_ledger_imports_kind"`);
    await queryRunner.query(
      `ALTER TABLE "ledger_imports" ADD CONSTRAINT "CHK_ledger_imports_kind" CHECK ("kind" IN ('workers','employers','placements','enrollments','survey_visits'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ledger_imports" DROP CONSTRAINT "CHK_ledger_imports_kind"`);
    await queryRunner.query(
      `ALTER TABLE "ledger_imports" ADD CONSTRAINT "CHK_ledger_imports_kind" CHECK ("kind" IN ('workers','employers','placements','enrollments'))`,
    );
  }
}
