import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ledger (台账) imports with their rows, and township reconciliations. */
export class Ledgers1795590000000 implements MigrationInterface {
  name = 'Ledgers1795590000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ledger_imports" ("id" SERIAL NOT NULL, "kind" character varying(20) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'preview', "fileName" character varying(200) NOT NULL, "fileType" character varying(8) NOT NULL, "headers" jsonb NOT NULL, "headerRow" integer NOT NULL, "ignoredColumns" jsonb NOT NULL DEFAULT '[]', "total" integer NOT NULL, "preview" jsonb NOT NULL, "result" jsonb NOT NULL, "rowsDone" integer NOT NULL DEFAULT '0', "errorsSoFar" integer NOT NULL DEFAULT '0', "createdById" integer, "createdBy" character varying(40) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "confirmedBy" character varying(40), "confirmedAt" TIMESTAMP WITH TIME ZONE, "completedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ledger_imports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_imports" ADD CONSTRAINT "CHK_ledger_imports_kind" CHECK ("kind" IN ('workers','employers','placements','enrollments'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_imports" ADD CONSTRAINT "CHK_ledger_imports_status" CHECK ("status" IN ('preview','running','completed','failed'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_import_rows" ("importId" integer NOT NULL, "seq" integer NOT NULL, "rowNo" integer NOT NULL, "raw" jsonb NOT NULL, "naturalKey" character varying(80), "data" jsonb, "action" character varying(10) NOT NULL, "reasons" jsonb NOT NULL DEFAULT '[]', "changes" jsonb, "applied" boolean NOT NULL DEFAULT false, "outcome" character varying(10), CONSTRAINT "PK_ledger_import_rows" PRIMARY KEY ("importId", "seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ledger_import_rows_action" ON "ledger_import_rows" ("importId", "action") `,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_import_rows" ADD CONSTRAINT "CHK_ledger_import_rows_action" CHECK ("action" IN ('create','update','unchanged','reject'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_import_rows" ADD CONSTRAINT "FK_ledger_import_rows_import" FOREIGN KEY ("importId") REFERENCES "ledger_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_reconciliations" ("id" SERIAL NOT NULL, "township" character varying(40) NOT NULL, "fileName" character varying(200) NOT NULL, "result" jsonb NOT NULL, "createdBy" character varying(40) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ledger_reconciliations" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "ledger_reconciliations"`);
    await queryRunner.query(`DROP TABLE "ledger_import_rows"`);
    await queryRunner.query(`DROP TABLE "ledger_imports"`);
  }
}
