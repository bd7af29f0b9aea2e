import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kinds of record a task or document may be about, as PayoutBatches1796300000000 left them,
 * with or without the departure batch.
 */
const subjectFunctions = (withDepartures: boolean) => [
  `CREATE OR REPLACE FUNCTION subject_county(kind text, subject integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT CASE kind
    WHEN 'worker' THEN (SELECT "countyId" FROM workers WHERE id = subject)
    WHEN 'placement' THEN (SELECT "countyId" FROM placements WHERE id = subject)
    WHEN 'case' THEN (SELECT "countyId" FROM cases WHERE id = subject)
    WHEN 'claim' THEN (SELECT "countyId" FROM claims WHERE id = subject)
    WHEN 'enrollment' THEN (SELECT "countyId" FROM enrollments WHERE id = subject)
    WHEN 'referral' THEN (SELECT "countyId" FROM referrals WHERE id = subject)
    WHEN 'household' THEN (SELECT "countyId" FROM households WHERE id = subject)
    WHEN 'contact_request' THEN (SELECT h."countyId" FROM contact_requests r JOIN households h ON h.id = r."householdId" WHERE r.id = subject)
    WHEN 'ledger_import' THEN (SELECT "countyId" FROM ledger_imports WHERE id = subject)
    WHEN 'job_order' THEN (SELECT "countyId" FROM job_orders WHERE id = subject)
    WHEN 'payout_batch' THEN (SELECT "countyId" FROM payout_batches WHERE id = subject)
    ${withDepartures ? `WHEN 'departure_batch' THEN (SELECT "countyId" FROM departure_batches WHERE id = subject)` : ''}
  END $$`,
  `CREATE OR REPLACE FUNCTION subject_visible(kind text, subject integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE kind
    WHEN 'worker' THEN EXISTS (SELECT 1 FROM workers WHERE id = subject)
    WHEN 'placement' THEN EXISTS (SELECT 1 FROM placements WHERE id = subject)
    WHEN 'case' THEN EXISTS (SELECT 1 FROM cases WHERE id = subject)
    WHEN 'claim' THEN EXISTS (SELECT 1 FROM claims WHERE id = subject)
    WHEN 'enrollment' THEN EXISTS (SELECT 1 FROM enrollments WHERE id = subject)
    WHEN 'referral' THEN EXISTS (SELECT 1 FROM referrals WHERE id = subject)
    WHEN 'household' THEN EXISTS (SELECT 1 FROM households WHERE id = subject)
    WHEN 'contact_request' THEN EXISTS (SELECT 1 FROM contact_requests WHERE id = subject)
    WHEN 'ledger_import' THEN EXISTS (SELECT 1 FROM ledger_imports WHERE id = subject)
    WHEN 'job_order' THEN EXISTS (SELECT 1 FROM job_orders WHERE id = subject)
    WHEN 'payout_batch' THEN EXISTS (SELECT 1 FROM payout_batches WHERE id = subject)
    ${withDepartures ? `WHEN 'departure_batch' THEN EXISTS (SELECT 1 FROM departure_batches WHERE id = subject)` : ''}
    ELSE false
  END $$`,
];

/**
 * 输出批次: an organised departure (有组织输出) of a group to its employers, with its group leader
 * (带队人, a caseworker or a broker), its members and their emergency contacts, the departure and
 * the arrival the leader confirms. A placement registered from an arrival names its batch, once
 * per worker and batch. County-wide like the job orders it serves.
 */
export class DepartureBatches1797200000000 implements MigrationInterface {
  name = 'DepartureBatches1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE TABLE "departure_batches" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "name" character varying(60) NOT NULL,
      "destination" character varying(100) NOT NULL,
      "departureDate" date NOT NULL,
      "meetingPoint" character varying(100) NOT NULL,
      "meetingTime" character varying(5),
      "transport" character varying(12) NOT NULL CHECK ("transport" IN ('train', 'coach', 'plane', 'chartered', 'other')),
      "transportNote" character varying(100),
      "leaderUserId" integer REFERENCES "users"("id") ON DELETE RESTRICT,
      "leaderBrokerId" integer REFERENCES "brokers"("id") ON DELETE RESTRICT,
      "jobOrderIds" integer[] NOT NULL DEFAULT '{}',
      "employerIds" integer[] NOT NULL DEFAULT '{}',
      "courseId" integer REFERENCES "courses"("id") ON DELETE RESTRICT,
      "job" character varying(60),
      "monthlyWageFen" integer CHECK ("monthlyWageFen" > 0),
      "notes" text,
      "status" character varying(10) NOT NULL DEFAULT 'planned' CHECK ("status" IN ('planned', 'departed', 'arrived', 'cancelled')),
      "departedOn" date,
      "departedBy" character varying(40),
      "arrivedOn" date,
      "arrivedBy" character varying(40),
      "cancelledReason" text,
      "policy" jsonb NOT NULL,
      "createdBy" character varying(40) NOT NULL,
      "createdById" integer REFERENCES "users"("id") ON DELETE SET NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL,
      CONSTRAINT "CHK_departure_batches_leader" CHECK (("leaderUserId" IS NULL) <> ("leaderBrokerId" IS NULL)),
      CONSTRAINT "CHK_departure_batches_departed" CHECK ("status" IN ('planned', 'cancelled') OR "departedOn" IS NOT NULL),
      CONSTRAINT "CHK_departure_batches_arrived" CHECK ("status" <> 'arrived' OR "arrivedOn" >= "departedOn")
    )`);
    await run(`CREATE INDEX "IDX_departure_batches_county" ON "departure_batches" ("countyId", "departureDate")`);
    await run(`CREATE INDEX "IDX_departure_batches_broker" ON "departure_batches" ("leaderBrokerId")`);
    await run(`CREATE TABLE "departure_batch_members" (
      "id" SERIAL PRIMARY KEY,
      "batchId" integer NOT NULL REFERENCES "departure_batches"("id") ON DELETE RESTRICT,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "workerId" integer NOT NULL REFERENCES "workers"("id") ON DELETE RESTRICT,
      "employerId" integer NOT NULL REFERENCES "employers"("id") ON DELETE RESTRICT,
      "jobOrderId" integer REFERENCES "job_orders"("id") ON DELETE RESTRICT,
      "proposalId" integer REFERENCES "job_proposals"("id") ON DELETE RESTRICT,
      "brokerId" integer REFERENCES "brokers"("id") ON DELETE RESTRICT,
      "job" character varying(60) NOT NULL,
      "monthlyWageFen" integer NOT NULL CHECK ("monthlyWageFen" > 0),
      "emergencyName" character varying(40) NOT NULL,
      "emergencyRelation" character varying(20) NOT NULL,
      "emergencyPhone" character varying(20) NOT NULL,
      "status" character varying(12) NOT NULL DEFAULT 'listed'
        CHECK ("status" IN ('listed', 'dropped', 'departed', 'stayed', 'arrived', 'not_arrived')),
      "dropReason" character varying(20),
      "dropNote" text,
      "droppedOn" date,
      "arrivedOn" date,
      "placementId" integer UNIQUE REFERENCES "placements"("id") ON DELETE RESTRICT,
      "registrationError" text,
      "addedBy" character varying(40) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_departure_batch_members_worker" UNIQUE ("batchId", "workerId"),
      CONSTRAINT "CHK_departure_batch_members_drop" CHECK ("status" <> 'dropped' OR "dropReason" IS NOT NULL)
    )`);
    await run(`CREATE INDEX "IDX_departure_batch_members_worker" ON "departure_batch_members" ("workerId")`);
    await run(
      `CREATE TRIGGER departure_batches_scope BEFORE INSERT ON "departure_batches" FOR EACH ROW EXECUTE FUNCTION scope_own_county()`,
    );
    await run(
      `CREATE TRIGGER departure_batch_members_scope BEFORE INSERT ON "departure_batch_members" FOR EACH ROW EXECUTE FUNCTION scope_from_parent('departure_batches', 'batchId')`,
    );
    for (const t of ['departure_batches', 'departure_batch_members']) {
      await run(`ALTER TABLE "${t}" ENABLE ROW LEVEL SECURITY`);
      await run(
        `CREATE POLICY scope ON "${t}" USING (app_sees_county("countyId")) WITH CHECK (app_sees_county("countyId"))`,
      );
    }
    // A member who drops out stays on the list with the reason: the app never deletes members.
    await run(`REVOKE DELETE ON "departure_batch_members", "departure_batches" FROM labour_export_app`);

    // The placement an arrival registered names its batch; one per worker and batch, so a retried
    // registration can never register a member twice.
    await run(`ALTER TABLE "placements" ADD "batchId" integer REFERENCES "departure_batches"("id") ON DELETE RESTRICT`);
    await run(
      `CREATE UNIQUE INDEX "UQ_placements_batch_worker" ON "placements" ("batchId", "workerId") WHERE "batchId" IS NOT NULL`,
    );

    for (const f of subjectFunctions(true)) await run(f);

    await run(`INSERT INTO "policy_values" ("key", "value", "effectiveFrom", "source", "createdBy") VALUES
      ('batches.departure_reminder_days_before', 2, '2000-01-01', '种子材料000/001：有组织输出；本局做法：出发前2天提醒核对名册、通知人员', 'system:seed'),
      ('batches.arrival_confirm_days', 3, '2000-01-01', '本局做法：出发后3天内由带队人确认到达，逾期督办', 'system:seed')
     ON CONFLICT DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`DELETE FROM "policy_values" WHERE "key" LIKE 'batches.%' AND "createdBy" = 'system:seed'`);
    for (const f of subjectFunctions(false)) await run(f);
    await run(`DROP INDEX "UQ_placements_batch_worker"`);
    await run(`ALTER TABLE "placements" DROP COLUMN "batchId"`);
    await run(`DROP TABLE "departure_batch_members"`);
    await run(`DROP TABLE "departure_batches"`);
  }
}
