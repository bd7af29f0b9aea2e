import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Cases1795462199492 implements MigrationInterface {
  name = 'Cases1795462199492';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_workers" ("caseId" integer NOT NULL, "workerId" integer NOT NULL, CONSTRAINT "PK_80696f43dd4c90e26227261b603" PRIMARY KEY ("caseId", "workerId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_53c7917da25ac8d41653fd34ee" ON "case_workers"  ("workerId") `);
    await queryRunner.query(
      `CREATE TABLE "case_notes" ("id" SERIAL NOT NULL, "caseId" integer NOT NULL, "text" text NOT NULL, "confidential" boolean NOT NULL DEFAULT false, "authorId" integer NOT NULL, "authorName" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_474011f166285b8da9a653af5c5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8ed7750dedf8efdc8161d9a55b" ON "case_notes"  ("caseId", "id") `);
    await queryRunner.query(
      `CREATE TABLE "case_attachments" ("id" SERIAL NOT NULL, "caseId" integer NOT NULL, "fileName" character varying(200) NOT NULL, "mime" character varying(40) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "bytes" bytea NOT NULL, "uploadedBy" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9680beedc0b2d26fafb04435fb8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c5cab8dbd9686ed5871778fae7" ON "case_attachments"  ("caseId", "id") `);
    await queryRunner.query(`ALTER TABLE "cases" ADD "stage" character varying(24) NOT NULL DEFAULT 'intake'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "assigneeId" integer`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "assigneeName" character varying(40)`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "amountClaimedFen" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "knewOn" date`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "limitationEndsOn" date`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "limitationWarned" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "channel" character varying(12) NOT NULL DEFAULT 'window'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "nextDeadline" date`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "nextDeadlineLabel" character varying(40)`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "breaches" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "outcome" character varying(12)`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "outcomeReason" text`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "amountRecoveredFen" integer`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "closedAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "IDX_b782560001be4d6130c3be2e41" ON "cases"  ("assigneeId") `);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "CHK_cases_stage" CHECK ("stage" IN ('intake','mediation','awaiting_payment','mediation_failed','mediation_lapsed','inspection_pending','inspection','arbitration_pending','arbitration','reopened','closed'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "CHK_cases_channel" CHECK ("channel" IN ('window','hotline','visit','referral','system'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "CHK_cases_outcome" CHECK ("outcome" IS NULL OR "outcome" IN ('resolved','withdrawn','referred','rejected'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "CHK_cases_money" CHECK ("amountClaimedFen" >= 0 AND ("amountRecoveredFen" IS NULL OR "amountRecoveredFen" >= 0))`,
    );
    // Cases opened before this migration: each gets its lead worker in case_workers.
    await queryRunner.query(
      `INSERT INTO "case_workers" ("caseId", "workerId") SELECT id, "workerId" FROM "cases" ON CONFLICT DO NOTHING`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['CHK_cases_money', 'CHK_cases_outcome', 'CHK_cases_channel', 'CHK_cases_stage']) {
      await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "${name}"`);
    }
    await queryRunner.query(`DROP INDEX "public"."IDX_b782560001be4d6130c3be2e41"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "closedAt"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "amountRecoveredFen"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "outcomeReason"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "outcome"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "breaches"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "nextDeadlineLabel"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "nextDeadline"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "channel"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "limitationWarned"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "limitationEndsOn"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "knewOn"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "amountClaimedFen"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "assigneeName"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "assigneeId"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "stage"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c5cab8dbd9686ed5871778fae7"`);
    await queryRunner.query(`DROP TABLE "case_attachments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8ed7750dedf8efdc8161d9a55b"`);
    await queryRunner.query(`DROP TABLE "case_notes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_53c7917da25ac8d41653fd34ee"`);
    await queryRunner.query(`DROP TABLE "case_workers"`);
  }
}
