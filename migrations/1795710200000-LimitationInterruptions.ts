import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Interruptions of a case's one-year limitation (时效中断): each starts the year over from its date. */
export class LimitationInterruptions1795710200000 implements MigrationInterface {
  name = 'LimitationInterruptions1795710200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_limitation_interruptions" (
        "id" SERIAL NOT NULL,
        "caseId" integer NOT NULL REFERENCES "cases"("id"),
        "kind" character varying(24) NOT NULL CHECK ("kind" IN ('claim_to_employer','request_to_authority','employer_admission')),
        "interruptedOn" date NOT NULL,
        "note" text NOT NULL,
        "endsOnBefore" date NOT NULL,
        "endsOnAfter" date NOT NULL,
        "by" character varying(40) NOT NULL,
        "sourceKey" character varying(120) NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_case_limitation_interruptions_sourceKey" UNIQUE ("sourceKey"),
        CONSTRAINT "PK_case_limitation_interruptions" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_case_limitation_interruptions_case" ON "case_limitation_interruptions" ("caseId", "interruptedOn")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_limitation_interruptions"`);
  }
}
