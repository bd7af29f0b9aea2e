import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Claims1795461580307 implements MigrationInterface {
  name = 'Claims1795461580307';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "claims" ("id" SERIAL NOT NULL, "number" character varying(40) NOT NULL, "kind" character varying(10) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'awaiting_approval', "amountFen" integer NOT NULL, "payeeType" character varying(10) NOT NULL, "payeeId" integer NOT NULL, "payeeName" character varying(100) NOT NULL, "workerId" integer NOT NULL, "township" character varying(40) NOT NULL, "courseId" integer, "enrollmentId" integer, "placementId" integer NOT NULL, "brokerId" integer, "sourceKey" character varying(60) NOT NULL, "preparedBy" character varying(40) NOT NULL, "preparedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "approvals" jsonb NOT NULL DEFAULT '[]', "requiredApprovals" integer NOT NULL DEFAULT '1', "decisionDueAt" TIMESTAMP WITH TIME ZONE NOT NULL, "decisionOverdue" boolean NOT NULL DEFAULT false, "decidedAt" TIMESTAMP WITH TIME ZONE, "lastReason" text, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_27400b25789a8a7960731bcd42d" UNIQUE ("number"), CONSTRAINT "UQ_12ba49c28675a8724dc21013f50" UNIQUE ("sourceKey"), CONSTRAINT "PK_96c91970c0dcb2f69fdccd0a698" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d40fce585de9d6e047988e5e52" ON "claims"  ("workerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_54462b5d8963b7598f2a5e72b5" ON "claims"  ("courseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fd3854d94df297fe51c08a2ba6" ON "claims"  ("brokerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e58744149469a35b8e1b96575e" ON "claims"  ("status", "kind") `);
    await queryRunner.query(
      `CREATE TABLE "claim_events" ("id" SERIAL NOT NULL, "claimId" integer NOT NULL, "seq" integer NOT NULL, "action" character varying(12) NOT NULL, "by" character varying(40) NOT NULL, "reason" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_80155c96869c58af00970213e98" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_fc04e8fce360bb6487a45ab8c9" ON "claim_events"  ("claimId", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "payouts" ("id" SERIAL NOT NULL, "claimId" integer NOT NULL, "amountFen" integer NOT NULL, "paidOn" date NOT NULL, "reference" character varying(40) NOT NULL, "recordedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_bf887d50e0d34ba18f0aee1c2c7" UNIQUE ("claimId"), CONSTRAINT "UQ_124c14495d8a41b06d83cc7c0cf" UNIQUE ("reference"), CONSTRAINT "PK_76855dc4f0a6c18c72eea302e87" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "referrals" ("id" SERIAL NOT NULL, "placementId" integer NOT NULL, "brokerId" integer NOT NULL, "workerId" integer NOT NULL, "stage" character varying(20) NOT NULL DEFAULT 'waiting_contract', "reasons" jsonb NOT NULL DEFAULT '[]', "assessedAt" TIMESTAMP WITH TIME ZONE, "referredAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_eda4ef0ff082afd2e785083db1c" UNIQUE ("placementId"), CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8a282b93de06076a5704e06472" ON "referrals"  ("brokerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_ca0fe3ad3b3fe7c84e30f10a13" ON "referrals"  ("workerId") `);
    await queryRunner.query(`ALTER TABLE "placements" ADD "workerCategories" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "courses" ADD "completedAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "subsidyFen" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "sessionsAttended" integer`);
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "sessionsTotal" integer`);
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "assessment" character varying(4)`);
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "certificateNo" character varying(40)`);
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "completion" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "completionReason" text`);
    await queryRunner.query(
      `ALTER TABLE "enrollments" ADD "subsidyStatus" character varying(20) NOT NULL DEFAULT 'waiting_completion'`,
    );
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "subsidyReason" text`);
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "CHK_claims_kind" CHECK ("kind" IN ('training','referral'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "CHK_claims_status" CHECK ("status" IN ('awaiting_approval','returned','approved','rejected','paid'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "CHK_claims_amount" CHECK ("amountFen" >= 0 AND "requiredApprovals" IN (1, 2))`,
    );
    await queryRunner.query(`ALTER TABLE "payouts" ADD CONSTRAINT "CHK_payouts_amount" CHECK ("amountFen" >= 0)`);
    await queryRunner.query(
      `ALTER TABLE "referrals" ADD CONSTRAINT "CHK_referrals_stage" CHECK ("stage" IN ('waiting_contract','retention_check','ineligible','ended','claimed'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrollments" ADD CONSTRAINT "CHK_enrollments_attendance" CHECK ("sessionsAttended" IS NULL OR ("sessionsAttended" >= 0 AND "sessionsAttended" <= "sessionsTotal"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrollments" ADD CONSTRAINT "CHK_enrollments_subsidy_status" CHECK ("subsidyStatus" IN ('waiting_completion','not_eligible','awaiting_placement','lapsed','claimed'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name] of [
      ['enrollments', 'CHK_enrollments_subsidy_status'],
      ['enrollments', 'CHK_enrollments_attendance'],
      ['referrals', 'CHK_referrals_stage'],
      ['payouts', 'CHK_payouts_amount'],
      ['claims', 'CHK_claims_amount'],
      ['claims', 'CHK_claims_status'],
      ['claims', 'CHK_claims_kind'],
    ]) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    }
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "subsidyReason"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "subsidyStatus"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "completionReason"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "completion"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "certificateNo"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "assessment"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "sessionsTotal"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "sessionsAttended"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "subsidyFen"`);
    await queryRunner.query(`ALTER TABLE "courses" DROP COLUMN "completedAt"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP COLUMN "workerCategories"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ca0fe3ad3b3fe7c84e30f10a13"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8a282b93de06076a5704e06472"`);
    await queryRunner.query(`DROP TABLE "referrals"`);
    await queryRunner.query(`DROP TABLE "payouts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fc04e8fce360bb6487a45ab8c9"`);
    await queryRunner.query(`DROP TABLE "claim_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e58744149469a35b8e1b96575e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fd3854d94df297fe51c08a2ba6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_54462b5d8963b7598f2a5e72b5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d40fce585de9d6e047988e5e52"`);
    await queryRunner.query(`DROP TABLE "claims"`);
  }
}
