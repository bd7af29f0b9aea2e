import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 开班报告: a subsidised course is reported before it starts, with its plan, teachers and the
 * trainees enrolled at the time, and approved by someone other than who reported it. One report
 * per course (a rejected one is corrected and reported again in the same row). A course that
 * started without an approved report produces no training-subsidy claims.
 */
export class ClassStartReports1797300000000 implements MigrationInterface {
  name = 'ClassStartReports1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE TABLE "class_start_reports" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "courseId" integer NOT NULL REFERENCES "courses"("id") ON DELETE RESTRICT,
      "plan" text NOT NULL,
      "teachers" jsonb NOT NULL,
      "trainees" jsonb NOT NULL,
      "status" character varying(10) NOT NULL DEFAULT 'submitted' CHECK ("status" IN ('submitted', 'approved', 'rejected')),
      "submittedBy" character varying(40) NOT NULL,
      "submittedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "leadWorkingDays" integer NOT NULL CHECK ("leadWorkingDays" >= 0),
      "decidedBy" character varying(40),
      "decidedAt" TIMESTAMP WITH TIME ZONE,
      "decisionReason" text,
      "version" integer NOT NULL DEFAULT 1,
      CONSTRAINT "UQ_class_start_reports_course" UNIQUE ("courseId"),
      CONSTRAINT "CHK_class_start_reports_decided" CHECK (("status" = 'submitted') = ("decidedAt" IS NULL)),
      CONSTRAINT "CHK_class_start_reports_maker_checker" CHECK ("decidedBy" IS NULL OR "decidedBy" <> "submittedBy"))`);
    await run(
      `CREATE TRIGGER class_start_reports_scope BEFORE INSERT ON "class_start_reports" FOR EACH ROW EXECUTE FUNCTION scope_from_parent('courses', 'courseId')`,
    );
    await run(`ALTER TABLE "class_start_reports" ENABLE ROW LEVEL SECURITY`);
    await run(
      `CREATE POLICY scope ON "class_start_reports" USING (app_sees_county("countyId")) WITH CHECK (app_sees_county("countyId"))`,
    );
    await run(`REVOKE DELETE ON "class_start_reports" FROM labour_export_app`);
    await run(
      `INSERT INTO "policy_values" ("key", "value", "effectiveFrom", "source", "createdBy") VALUES
        ('training.class_start_report_working_days', 5, '2000-01-01', '补贴性培训须在开班前至少5个工作日报送开班报告', 'system:seed')
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "policy_values" WHERE "key" = 'training.class_start_report_working_days'`);
    await queryRunner.query(`DROP TABLE "class_start_reports"`);
  }
}
