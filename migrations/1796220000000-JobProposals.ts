import type { MigrationInterface, QueryRunner } from 'typeorm';

const IN_COUNTY = '((SELECT app_sees_all()) OR ("countyId" = ANY ((SELECT app_counties())::integer[])))';
const STATION = '(SELECT app_station())';

/**
 * 推荐 / 用工意向: a worker proposed for a job order, the employer's answer, and the placement an
 * accepted one became. One proposal per worker and order, ever. It is the worker's (a station sees
 * its own workers' proposals). A placement remembers the order it came through (via a match, as
 * against registered directly), for the figures.
 */
export class JobProposals1796220000000 implements MigrationInterface {
  name = 'JobProposals1796220000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE TABLE "job_proposals" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "orderId" integer NOT NULL REFERENCES "job_orders"("id") ON DELETE RESTRICT,
      "workerId" integer NOT NULL REFERENCES "workers"("id") ON DELETE RESTRICT,
      "seekerId" integer REFERENCES "job_seekers"("id") ON DELETE RESTRICT,
      "brokerId" integer REFERENCES "brokers"("id") ON DELETE RESTRICT,
      "priority" boolean NOT NULL,
      "categories" text[] NOT NULL DEFAULT '{}',
      "reasons" jsonb NOT NULL,
      "status" character varying(10) NOT NULL DEFAULT 'proposed'
        CHECK ("status" IN ('proposed', 'accepted', 'refused', 'started')),
      "proposedOn" date NOT NULL,
      "proposedBy" character varying(40) NOT NULL,
      "answeredOn" date,
      "answeredBy" character varying(40),
      "refusalReason" text,
      "placementId" integer UNIQUE REFERENCES "placements"("id") ON DELETE RESTRICT,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL,
      CONSTRAINT "UQ_job_proposals_order_worker" UNIQUE ("orderId", "workerId"),
      CONSTRAINT "CHK_job_proposals_refusal" CHECK ("status" <> 'refused' OR "refusalReason" IS NOT NULL),
      CONSTRAINT "CHK_job_proposals_started" CHECK ("status" <> 'started' OR "placementId" IS NOT NULL)
    )`);
    await run(`CREATE INDEX "IDX_job_proposals_county" ON "job_proposals" ("countyId")`);
    await run(`CREATE INDEX "IDX_job_proposals_worker" ON "job_proposals" ("workerId")`);
    await run(`CREATE INDEX "IDX_job_proposals_broker" ON "job_proposals" ("brokerId")`);
    await run(`CREATE INDEX "IDX_job_proposals_answered" ON "job_proposals" ("answeredOn")`);
    await run(
      `CREATE TRIGGER job_proposals_scope BEFORE INSERT ON "job_proposals" FOR EACH ROW EXECUTE FUNCTION scope_from_parent('workers', 'workerId')`,
    );
    const rule = `${IN_COUNTY} AND (${STATION} IS NULL OR EXISTS (SELECT 1 FROM "workers" p WHERE p.id = "job_proposals"."workerId"))`;
    await run(`ALTER TABLE "job_proposals" ENABLE ROW LEVEL SECURITY`);
    await run(`CREATE POLICY scope ON "job_proposals" USING (${rule}) WITH CHECK (${rule})`);
    await run(`ALTER TABLE "placements" ADD "jobOrderId" integer REFERENCES "job_orders"("id") ON DELETE RESTRICT`);
    await run(`CREATE INDEX "IDX_placements_job_order" ON "placements" ("jobOrderId")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "placements" DROP COLUMN "jobOrderId"`);
    await queryRunner.query(`DROP TABLE "job_proposals"`);
  }
}
