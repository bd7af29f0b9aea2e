import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a course's trainees need its 开班报告 approved before it started, decided once per
 * course when it is registered: a subsidised course registered since the rule exists. Courses
 * registered before it (running, or started, when the rule arrived) could never have reported in
 * time, so their trainees are judged as before — all of them alike, whenever they enrol.
 */
export class CourseClassStartRule1798000000000 implements MigrationInterface {
  name = 'CourseClassStartRule1798000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "courses" ADD COLUMN "classStartReportRequired" boolean NOT NULL DEFAULT false`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "courses" DROP COLUMN "classStartReportRequired"`);
  }
}
