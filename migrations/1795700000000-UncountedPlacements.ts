import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a placement of a trainee does not count for the training subsidy, kept on the enrolment. */
export class UncountedPlacements1795700000000 implements MigrationInterface {
  name = 'UncountedPlacements1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "uncountedPlacements" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "uncountedPlacements"`);
  }
}
