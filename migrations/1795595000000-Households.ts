import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 零就业家庭: households, members, employment, episodes, history, visits, survey rounds, contact-card requests. */
export class Households1795595000000 implements MigrationInterface {
  name = 'Households1795595000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "households" ("id" SERIAL NOT NULL, "address" character varying(200) NOT NULL, "township" character varying(40) NOT NULL, "responsibleUserId" integer, "responsibleName" character varying(40), "status" character varying(16) NOT NULL DEFAULT 'employed', "episode" integer NOT NULL DEFAULT 0, "createdBy" character varying(40) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_households" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_households_township" ON "households" ("township")`);
    await q.query(`CREATE INDEX "IDX_households_responsible" ON "households" ("responsibleUserId")`);
    await q.query(
      `ALTER TABLE "households" ADD CONSTRAINT "FK_households_township" FOREIGN KEY ("township") REFERENCES "townships"("name") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "households" ADD CONSTRAINT "CHK_households_status" CHECK ("status" IN ('employed','zero_employment','no_working_age'))`,
    );

    await q.query(
      `CREATE TABLE "household_members" ("id" SERIAL NOT NULL, "householdId" integer NOT NULL, "workerId" integer NOT NULL, "relationship" character varying(12) NOT NULL, "addedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_household_members_worker" UNIQUE ("workerId"), CONSTRAINT "PK_household_members" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_household_members_household" ON "household_members" ("householdId")`);
    await q.query(
      `ALTER TABLE "household_members" ADD CONSTRAINT "FK_household_members_household" FOREIGN KEY ("householdId") REFERENCES "households"("id") ON DELETE RESTRICT`,
    );
    await q.query(
      `ALTER TABLE "household_members" ADD CONSTRAINT "FK_household_members_worker" FOREIGN KEY ("workerId") REFERENCES "workers"("id") ON DELETE RESTRICT`,
    );
    await q.query(
      `ALTER TABLE "household_members" ADD CONSTRAINT "CHK_household_members_relationship" CHECK ("relationship" IN ('head','spouse','child','parent','sibling','grandchild','other'))`,
    );
    // One head per household.
    await q.query(
      `CREATE UNIQUE INDEX "UQ_household_members_head" ON "household_members" ("householdId") WHERE "relationship" = 'head'`,
    );

    await q.query(
      `CREATE TABLE "household_employments" ("id" SERIAL NOT NULL, "householdId" integer NOT NULL, "workerId" integer NOT NULL, "kind" character varying(16) NOT NULL, "measure" character varying(12), "startDate" date NOT NULL, "endDate" date, "note" text NOT NULL DEFAULT '', "recordedBy" character varying(40) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_household_employments" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_household_employments_household" ON "household_employments" ("householdId")`);
    await q.query(`CREATE INDEX "IDX_household_employments_worker" ON "household_employments" ("workerId")`);
    await q.query(
      `ALTER TABLE "household_employments" ADD CONSTRAINT "FK_household_employments_household" FOREIGN KEY ("householdId") REFERENCES "households"("id") ON DELETE RESTRICT`,
    );
    await q.query(
      `ALTER TABLE "household_employments" ADD CONSTRAINT "FK_household_employments_worker" FOREIGN KEY ("workerId") REFERENCES "workers"("id") ON DELETE RESTRICT`,
    );
    await q.query(
      `ALTER TABLE "household_employments" ADD CONSTRAINT "CHK_household_employments_kind" CHECK ("kind" IN ('self_employment','public_post','flexible'))`,
    );
    await q.query(
      `ALTER TABLE "household_employments" ADD CONSTRAINT "CHK_household_employments_measure" CHECK ("measure" IS NULL OR "measure" IN ('training','referral','public_post','loan','own_business'))`,
    );
    await q.query(
      `ALTER TABLE "household_employments" ADD CONSTRAINT "CHK_household_employments_dates" CHECK ("endDate" IS NULL OR "endDate" >= "startDate")`,
    );

    await q.query(
      `CREATE TABLE "household_episodes" ("id" SERIAL NOT NULL, "householdId" integer NOT NULL, "episode" integer NOT NULL, "foundOn" date NOT NULL, "foundCause" text NOT NULL, "clearedOn" date, "measure" character varying(12), "clearedCause" text, "clearedByPlacementId" integer, "cardNumber" character varying(40), "cardDocumentId" integer, "nextVisitDue" date, "workflowId" character varying(80) NOT NULL, CONSTRAINT "UQ_household_episodes_episode" UNIQUE ("householdId", "episode"), CONSTRAINT "PK_household_episodes" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `ALTER TABLE "household_episodes" ADD CONSTRAINT "FK_household_episodes_household" FOREIGN KEY ("householdId") REFERENCES "households"("id") ON DELETE RESTRICT`,
    );
    // At most one open (uncleared) episode, so at most one support process, per household.
    await q.query(
      `CREATE UNIQUE INDEX "UQ_household_episodes_open" ON "household_episodes" ("householdId") WHERE "clearedOn" IS NULL`,
    );
    await q.query(
      `ALTER TABLE "household_episodes" ADD CONSTRAINT "CHK_household_episodes_measure" CHECK ("measure" IS NULL OR "measure" IN ('training','referral','public_post','loan','own_business'))`,
    );
    await q.query(
      `ALTER TABLE "household_episodes" ADD CONSTRAINT "CHK_household_episodes_dates" CHECK ("clearedOn" IS NULL OR "clearedOn" >= "foundOn")`,
    );

    await q.query(
      `CREATE TABLE "household_events" ("id" SERIAL NOT NULL, "householdId" integer NOT NULL, "episode" integer, "kind" character varying(30) NOT NULL, "fromStatus" character varying(16), "toStatus" character varying(16), "cause" text NOT NULL, "sourceKey" character varying(100), "by" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_household_events_source" UNIQUE ("sourceKey"), CONSTRAINT "PK_household_events" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_household_events_household" ON "household_events" ("householdId", "id")`);

    await q.query(
      `CREATE TABLE "household_visits" ("id" SERIAL NOT NULL, "householdId" integer NOT NULL, "episode" integer NOT NULL, "visitedOn" date NOT NULL, "visitedBy" character varying(40) NOT NULL, "offered" text array NOT NULL DEFAULT '{}', "note" text NOT NULL DEFAULT '', "sourceKey" character varying(100) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_household_visits_source" UNIQUE ("sourceKey"), CONSTRAINT "PK_household_visits" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_household_visits_household" ON "household_visits" ("householdId", "visitedOn")`);
    await q.query(
      `ALTER TABLE "household_visits" ADD CONSTRAINT "CHK_household_visits_offered" CHECK ("offered" <@ ARRAY['training','referral','public_post','loan']::text[])`,
    );

    await q.query(
      `CREATE TABLE "survey_rounds" ("id" SERIAL NOT NULL, "period" character varying(6) NOT NULL, "startsOn" date NOT NULL, "endsOn" date NOT NULL, "status" character varying(8) NOT NULL DEFAULT 'open', "openedBy" character varying(40) NOT NULL, "closedBy" character varying(40), "closedAt" TIMESTAMP WITH TIME ZONE, "openedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_survey_rounds_period" UNIQUE ("period"), CONSTRAINT "PK_survey_rounds" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `ALTER TABLE "survey_rounds" ADD CONSTRAINT "CHK_survey_rounds_status" CHECK ("status" IN ('open','closed'))`,
    );
    await q.query(
      `ALTER TABLE "survey_rounds" ADD CONSTRAINT "CHK_survey_rounds_period" CHECK ("period" ~ '^20[0-9]{2}H[12]$')`,
    );

    await q.query(
      `CREATE TABLE "survey_visits" ("id" SERIAL NOT NULL, "roundId" integer NOT NULL, "householdId" integer NOT NULL, "visitedOn" date, "visitedBy" character varying(40) NOT NULL, "finding" character varying(16), "missedReason" text, "note" text NOT NULL DEFAULT '', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_survey_visits_round_household" UNIQUE ("roundId", "householdId"), CONSTRAINT "PK_survey_visits" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_survey_visits_round" ON "survey_visits" ("roundId")`);
    await q.query(`CREATE INDEX "IDX_survey_visits_household" ON "survey_visits" ("householdId")`);
    await q.query(
      `ALTER TABLE "survey_visits" ADD CONSTRAINT "FK_survey_visits_round" FOREIGN KEY ("roundId") REFERENCES "survey_rounds"("id") ON DELETE RESTRICT`,
    );
    await q.query(
      `ALTER TABLE "survey_visits" ADD CONSTRAINT "FK_survey_visits_household" FOREIGN KEY ("householdId") REFERENCES "households"("id") ON DELETE RESTRICT`,
    );
    // Either visited with a finding, or missed with a reason.
    await q.query(
      `ALTER TABLE "survey_visits" ADD CONSTRAINT "CHK_survey_visits_outcome" CHECK (("visitedOn" IS NOT NULL AND "finding" IN ('employed','zero_employment','no_working_age')) OR ("visitedOn" IS NULL AND "finding" IS NULL AND "missedReason" IS NOT NULL))`,
    );

    await q.query(
      `CREATE TABLE "contact_requests" ("id" SERIAL NOT NULL, "householdId" integer NOT NULL, "workerId" integer, "caller" character varying(40) NOT NULL, "channel" character varying(8) NOT NULL, "kind" character varying(10) NOT NULL, "details" text NOT NULL, "receivedOn" date NOT NULL, "dueOn" date NOT NULL, "assigneeId" integer, "assigneeName" character varying(40), "status" character varying(10) NOT NULL DEFAULT 'open', "reminded" boolean NOT NULL DEFAULT false, "breached" boolean NOT NULL DEFAULT false, "answeredOn" date, "offered" text, "accepted" boolean, "answerNote" text, "answeredBy" character varying(40), "caseId" integer, "createdBy" character varying(40) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_contact_requests" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_contact_requests_household" ON "contact_requests" ("householdId")`);
    await q.query(`CREATE INDEX "IDX_contact_requests_assignee" ON "contact_requests" ("assigneeId")`);
    await q.query(`CREATE INDEX "IDX_contact_requests_case" ON "contact_requests" ("caseId")`);
    await q.query(`CREATE INDEX "IDX_contact_requests_status_due" ON "contact_requests" ("status", "dueOn")`);
    await q.query(
      `ALTER TABLE "contact_requests" ADD CONSTRAINT "FK_contact_requests_household" FOREIGN KEY ("householdId") REFERENCES "households"("id") ON DELETE RESTRICT`,
    );
    await q.query(
      `ALTER TABLE "contact_requests" ADD CONSTRAINT "FK_contact_requests_case" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE RESTRICT`,
    );
    await q.query(
      `ALTER TABLE "contact_requests" ADD CONSTRAINT "CHK_contact_requests_kind" CHECK ("kind" IN ('job','training','post','loan','rights'))`,
    );
    await q.query(
      `ALTER TABLE "contact_requests" ADD CONSTRAINT "CHK_contact_requests_channel" CHECK ("channel" IN ('phone','window'))`,
    );
    await q.query(
      `ALTER TABLE "contact_requests" ADD CONSTRAINT "CHK_contact_requests_status" CHECK ("status" IN ('open','answered'))`,
    );
    // Answered only with the answer: what was offered and whether it was accepted.
    await q.query(
      `ALTER TABLE "contact_requests" ADD CONSTRAINT "CHK_contact_requests_answer" CHECK ("status" = 'open' OR ("answeredOn" IS NOT NULL AND "offered" IS NOT NULL AND "accepted" IS NOT NULL))`,
    );

    await q.query(`INSERT INTO "policy_values" ("key", "value", "effectiveFrom", "source", "createdBy") VALUES
        ('household.working_age_max_years_female', 55, '2000-01-01', 'Bureau practice (零就业家庭认定): women of working age 16–55', 'system:seed'),
        ('household.request_reminder_days_before', 2, '2000-01-01', 'Seed 002: one-week answer; the assignee is reminded on day 5', 'system:seed'),
        ('household.visit_reminder_days_before', 3, '2000-01-01', 'Seed 002: return visits; the caseworker is reminded before each', 'system:seed')
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM "policy_values" WHERE "key" IN ('household.working_age_max_years_female', 'household.request_reminder_days_before', 'household.visit_reminder_days_before') AND "createdBy" = 'system:seed'`,
    );
    for (const t of [
      'contact_requests',
      'survey_visits',
      'survey_rounds',
      'household_visits',
      'household_events',
      'household_episodes',
      'household_employments',
      'household_members',
      'households',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
