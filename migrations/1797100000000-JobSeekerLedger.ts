import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sixth ledger kind: the townships' 求职登记台账. A registration made by importing one is
 * marked as such, beside those made at the window, a station or on a survey visit.
 */
export class JobSeekerLedger1797100000000 implements MigrationInterface {
  name = 'JobSeekerLedger1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`ALTER TABLE "ledger_imports" DROP CONSTRAINT "CHK_ledger_imports_kind"`);
    await run(
      `ALTER TABLE "ledger_imports" ADD CONSTRAINT "CHK_ledger_imports_kind" CHECK ("kind" IN ('workers','employers','placements','enrollments','survey_visits','job_seekers'))`,
    );
    await run(`ALTER TABLE "job_seekers" DROP CONSTRAINT "job_seekers_source_check"`);
    await run(
      `ALTER TABLE "job_seekers" ADD CONSTRAINT "job_seekers_source_check" CHECK ("source" IN ('window', 'station', 'survey_visit', 'ledger_import'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`ALTER TABLE "job_seekers" DROP CONSTRAINT "job_seekers_source_check"`);
    await run(
      `ALTER TABLE "job_seekers" ADD CONSTRAINT "job_seekers_source_check" CHECK ("source" IN ('window', 'station', 'survey_visit'))`,
    );
    await run(`ALTER TABLE "ledger_imports" DROP CONSTRAINT "CHK_ledger_imports_kind"`);
    await run(
      `ALTER TABLE "ledger_imports" ADD CONSTRAINT "CHK_ledger_imports_kind" CHECK ("kind" IN ('workers','employers','placements','enrollments','survey_visits'))`,
    );
  }
}
