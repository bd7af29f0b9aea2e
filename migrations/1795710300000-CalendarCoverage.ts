import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which years' official holiday arrangements are loaded (2025 and 2026 came with the
 * WorkingCalendar seed), the admin's year loads (preview, then confirm), and the working-day
 * deadlines of running processes with the calendar they were counted on, so a deadline counted
 * into a year not yet loaded is marked provisional and recomputed when that year is loaded.
 */
export class CalendarCoverage1795710300000 implements MigrationInterface {
  name = 'CalendarCoverage1795710300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "calendar_years" (
        "year" integer NOT NULL,
        "source" text NOT NULL,
        "loadedBy" character varying(40) NOT NULL,
        "loadedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_calendar_years" PRIMARY KEY ("year")
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "calendar_years" ("year", "source", "loadedBy")
       SELECT EXTRACT(YEAR FROM "date")::int, min("source"), 'system:seed' FROM "calendar_days"
        WHERE "date" BETWEEN '2025-01-01' AND '2026-12-31' GROUP BY 1`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_year_loads" (
        "id" SERIAL NOT NULL,
        "year" integer NOT NULL,
        "source" text NOT NULL,
        "days" jsonb NOT NULL,
        "fileName" character varying(200) NOT NULL,
        "status" character varying(12) NOT NULL DEFAULT 'preview' CHECK ("status" IN ('preview','confirmed')),
        "createdBy" character varying(40) NOT NULL,
        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "confirmedBy" character varying(40),
        "confirmedAt" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_calendar_year_loads" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "working_day_deadlines" (
        "subjectType" character varying(16) NOT NULL,
        "subjectId" integer NOT NULL,
        "subjectName" character varying(60) NOT NULL,
        "workflowId" character varying(80) NOT NULL,
        "label" character varying(40) NOT NULL,
        "fromDate" date NOT NULL,
        "workingDays" integer NOT NULL,
        "dueOn" date NOT NULL,
        "provisionalYears" integer[] NOT NULL DEFAULT '{}',
        "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_working_day_deadlines" PRIMARY KEY ("subjectType", "subjectId")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_working_day_deadlines_due" ON "working_day_deadlines" ("dueOn")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "working_day_deadlines"`);
    await queryRunner.query(`DROP TABLE "calendar_year_loads"`);
    await queryRunner.query(`DROP TABLE "calendar_years"`);
  }
}
