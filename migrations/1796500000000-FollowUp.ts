import type { MigrationInterface, QueryRunner } from 'typeorm';

const ONCE_COUNTY = '((SELECT app_sees_all()) OR ("countyId" = ANY ((SELECT app_counties())::integer[])))';
const TABLES = ['follow_up_plans', 'follow_up_checkins'];

/**
 * 跟踪服务: a placement's follow-up plan and its check-ins (回访). Both are the placement's records,
 * scoped like referrals: their county from the placement, a station seeing those of placements it sees.
 */
export class FollowUp1796500000000 implements MigrationInterface {
  name = 'FollowUp1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE TABLE "follow_up_plans" (
      "placementId" integer PRIMARY KEY REFERENCES "placements"("id") ON DELETE RESTRICT,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "status" varchar(12) NOT NULL DEFAULT 'active' CHECK ("status" IN ('active', 'ended')),
      "startedOn" date NOT NULL,
      "policy" jsonb NOT NULL,
      "officerId" integer REFERENCES "users"("id") ON DELETE SET NULL,
      "township" varchar(40) NOT NULL,
      "endedOn" date,
      "returnReason" varchar(24),
      "returnNote" text,
      "returnRecordedBy" varchar(40),
      "createdAt" timestamptz NOT NULL DEFAULT now(),
      "updatedAt" timestamptz NOT NULL DEFAULT now()
    )`);
    await run(`CREATE INDEX "IDX_follow_up_plans_county" ON "follow_up_plans" ("countyId", "status")`);
    await run(`CREATE TABLE "follow_up_checkins" (
      "id" SERIAL PRIMARY KEY,
      "placementId" integer NOT NULL REFERENCES "follow_up_plans"("placementId") ON DELETE RESTRICT,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "seq" integer,
      "dueOn" date,
      "status" varchar(12) NOT NULL CHECK ("status" IN ('planned', 'due', 'missed', 'done', 'cancelled')),
      "escalatedOn" date,
      "doneOn" date,
      "method" varchar(12) CHECK ("method" IN ('phone', 'visit', 'group')),
      "contractSigned" boolean,
      "wagesOnTime" boolean,
      "wagesInFull" boolean,
      "weeklyHours" integer CHECK ("weeklyHours" BETWEEN 0 AND 168),
      "housingOk" boolean,
      "safetyOk" boolean,
      "problems" varchar(20)[] NOT NULL DEFAULT '{}',
      "notes" text,
      "workerWords" text,
      "caseIds" integer[] NOT NULL DEFAULT '{}',
      "recordedBy" varchar(40),
      "recordedAt" timestamptz,
      "createdAt" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_follow_up_checkins_seq" UNIQUE ("placementId", "seq"),
      CONSTRAINT "CHK_follow_up_checkins_done" CHECK ("status" <> 'done' OR ("doneOn" IS NOT NULL AND "method" IS NOT NULL))
    )`);
    await run(`CREATE INDEX "IDX_follow_up_checkins_due" ON "follow_up_checkins" ("countyId", "status", "dueOn")`);
    for (const t of TABLES) {
      await run(
        `CREATE TRIGGER ${t}_scope BEFORE INSERT ON "${t}" FOR EACH ROW EXECUTE FUNCTION scope_from_parent('placements', 'placementId')`,
      );
      await run(`ALTER TABLE "${t}" ENABLE ROW LEVEL SECURITY`);
      const rule = `${ONCE_COUNTY} AND ((SELECT app_station()) IS NULL OR EXISTS (SELECT 1 FROM "placements" p WHERE p.id = "${t}"."placementId"))`;
      await run(`CREATE POLICY scope ON "${t}" USING (${rule}) WITH CHECK (${rule})`);
    }

    // A case a check-in opened says so (跟踪回访).
    await run(`ALTER TABLE "cases" DROP CONSTRAINT "CHK_cases_channel"`);
    await run(
      `ALTER TABLE "cases" ADD CONSTRAINT "CHK_cases_channel" CHECK ("channel" IN ('window','hotline','visit','referral','system','follow_up'))`,
    );

    // The intervals, dated like every policy value (in force since the beginning; admin adds later ones).
    await run(`INSERT INTO "policy_values" ("key", "value", "effectiveFrom", "source", "createdBy") VALUES
      ('followup.first_checkin_days', 7, '2000-01-01', '种子材料000/001/003：上岗后跟踪服务；本局做法：一周后首次回访', 'system:seed'),
      ('followup.second_checkin_days', 30, '2000-01-01', '本局做法：上岗一个月后回访', 'system:seed'),
      ('followup.third_checkin_days', 90, '2000-01-01', '本局做法：上岗三个月后回访', 'system:seed'),
      ('followup.interval_days', 91, '2000-01-01', '本局做法：此后在岗期间每季度回访一次', 'system:seed'),
      ('followup.escalate_after_days', 7, '2000-01-01', '本局做法：回访到期后7天仍未回访，报科室负责人督办', 'system:seed')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "policy_values" WHERE "key" LIKE 'followup.%' AND "createdBy" = 'system:seed' AND "countyId" IS NULL`,
    );
    await queryRunner.query(`UPDATE "cases" SET "channel" = 'visit' WHERE "channel" = 'follow_up'`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "CHK_cases_channel"`);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "CHK_cases_channel" CHECK ("channel" IN ('window','hotline','visit','referral','system'))`,
    );
    await queryRunner.query(`DROP TABLE "follow_up_checkins"`);
    await queryRunner.query(`DROP TABLE "follow_up_plans"`);
  }
}
