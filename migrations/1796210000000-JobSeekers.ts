import type { MigrationInterface, QueryRunner } from 'typeorm';

const IN_COUNTY = '((SELECT app_sees_all()) OR ("countyId" = ANY ((SELECT app_counties())::integer[])))';
const STATION = '(SELECT app_station())';

/**
 * 求职登记: a worker's registered wish for work. It is the worker's, seen exactly where the
 * worker is (a station sees its own workers' registrations), with the worker's county for the
 * county's lists and figures. One registration per worker at a time that has not been withdrawn;
 * it lapses by itself when its validity (a policy period) is over, unless renewed.
 */
export class JobSeekers1796210000000 implements MigrationInterface {
  name = 'JobSeekers1796210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE TABLE "job_seekers" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "workerId" integer NOT NULL REFERENCES "workers"("id") ON DELETE RESTRICT,
      "jobs" text[] NOT NULL,
      "destinations" text[] NOT NULL DEFAULT '{}',
      "expectedWageFen" integer CHECK ("expectedWageFen" > 0),
      "availableFrom" date NOT NULL,
      "wantsTraining" boolean NOT NULL,
      "source" character varying(16) NOT NULL CHECK ("source" IN ('window', 'station', 'survey_visit')),
      "registeredOn" date NOT NULL,
      "validUntil" date NOT NULL,
      "withdrawnOn" date,
      "withdrawnReason" text,
      "notes" text,
      "registeredBy" character varying(40) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL,
      CONSTRAINT "CHK_job_seekers_jobs" CHECK (cardinality("jobs") BETWEEN 1 AND 10),
      CONSTRAINT "CHK_job_seekers_valid" CHECK ("validUntil" >= "registeredOn")
    )`);
    await run(
      `CREATE UNIQUE INDEX "UQ_job_seekers_worker_current" ON "job_seekers" ("workerId") WHERE "withdrawnOn" IS NULL`,
    );
    await run(`CREATE INDEX "IDX_job_seekers_county" ON "job_seekers" ("countyId")`);
    await run(`CREATE INDEX "IDX_job_seekers_valid" ON "job_seekers" ("validUntil")`);
    // The monthly figures count registrations by the day they were made.
    await run(`CREATE INDEX "IDX_job_seekers_registered" ON "job_seekers" ("registeredOn")`);
    await run(
      `CREATE TRIGGER job_seekers_scope BEFORE INSERT ON "job_seekers" FOR EACH ROW EXECUTE FUNCTION scope_from_parent('workers', 'workerId')`,
    );
    const rule = `${IN_COUNTY} AND (${STATION} IS NULL OR EXISTS (SELECT 1 FROM "workers" p WHERE p.id = "job_seekers"."workerId"))`;
    await run(`ALTER TABLE "job_seekers" ENABLE ROW LEVEL SECURITY`);
    await run(`CREATE POLICY scope ON "job_seekers" USING (${rule}) WITH CHECK (${rule})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job_seekers"`);
  }
}
