import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Placements1795460736982 implements MigrationInterface {
  name = 'Placements1795460736982';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cases" ("id" SERIAL NOT NULL, "number" character varying(40) NOT NULL, "kind" character varying(20) NOT NULL, "workerId" integer NOT NULL, "employerId" integer, "placementId" integer, "facts" text NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'open', "sourceKey" character varying(80), "openedBy" character varying(40) NOT NULL, "openedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_ae60d858083bc354a00442863bd" UNIQUE ("number"), CONSTRAINT "UQ_2ebb0ca407e07db8b19f9397e61" UNIQUE ("sourceKey"), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9c37df18f608c42327ab701051" ON "cases"  ("workerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_7164af9a4d73ae84836511091a" ON "cases"  ("employerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_61e3e2a8d03b60fcabee5a569f" ON "cases"  ("placementId") `);
    await queryRunner.query(
      `CREATE TABLE "case_events" ("id" SERIAL NOT NULL, "caseId" integer NOT NULL, "kind" character varying(40) NOT NULL, "text" text NOT NULL, "sourceKey" character varying(80), "by" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_ff627e24d1c196f4e8dcb3e1cc3" UNIQUE ("sourceKey"), CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1684d9e119688eb16910178788" ON "case_events"  ("caseId", "id") `);
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" SERIAL NOT NULL, "type" character varying(40) NOT NULL, "title" character varying(60) NOT NULL, "year" integer NOT NULL, "seq" integer NOT NULL, "number" character varying(60) NOT NULL, "subjectType" character varying(20) NOT NULL, "subjectId" integer NOT NULL, "businessKey" character varying(120) NOT NULL, "issuedOn" date NOT NULL, "data" jsonb NOT NULL, "html" text NOT NULL, "sha256" character(64) NOT NULL, "createdBy" character varying(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_ffce3a025cba2d79bf4f108d8ee" UNIQUE ("number"), CONSTRAINT "UQ_4a44af0d19a730f2d94b687b784" UNIQUE ("businessKey"), CONSTRAINT "UQ_644dcb2b9d9178bb3fbe12a3b47" UNIQUE ("type", "year", "seq"), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7c6820a0ee99a8330d87f68c8a" ON "documents"  ("subjectType", "subjectId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "number_counters" ("series" character varying(40) NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_87faad9cfabae91029a9f4924aa" PRIMARY KEY ("series", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "placements" ("id" SERIAL NOT NULL, "workerId" integer NOT NULL, "employerId" integer NOT NULL, "brokerId" integer, "startDate" date NOT NULL, "job" character varying(60) NOT NULL, "monthlyWageFen" integer NOT NULL, "destination" character varying(100) NOT NULL, "organised" boolean NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'awaiting_contract', "deadline" date NOT NULL, "policy" jsonb NOT NULL, "endDate" date, "endReason" text, "registeredBy" character varying(40) NOT NULL, "registeredAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_91cca43a1baa03ee278d7be74da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dc0c9fe7be31bebd72640b30ef" ON "placements"  ("workerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_39a9350697e50cf7f38bf4ef91" ON "placements"  ("employerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_069865e4266ae4315048abb818" ON "placements"  ("brokerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_2ab3759d25b6504e0c3917546d" ON "placements"  ("status", "deadline") `);
    await queryRunner.query(
      `CREATE TABLE "contracts" ("id" SERIAL NOT NULL, "placementId" integer NOT NULL, "signedOn" date NOT NULL, "termMonths" integer, "openEnded" boolean NOT NULL DEFAULT false, "fileName" character varying(200) NOT NULL, "fileMime" character varying(40) NOT NULL, "fileSize" integer NOT NULL, "fileSha256" character(64) NOT NULL, "file" bytea NOT NULL, "recordedBy" character varying(40) NOT NULL, "recordedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_66b49b043cad57cfd5f6d3b9ceb" UNIQUE ("placementId"), CONSTRAINT "REL_66b49b043cad57cfd5f6d3b9ce" UNIQUE ("placementId"), CONSTRAINT "PK_2c7b8f3a7b1acdd49497d83d0fb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" SERIAL NOT NULL, "kind" character varying(40) NOT NULL, "title" text NOT NULL, "role" character varying(16) NOT NULL, "subjectType" character varying(20) NOT NULL, "subjectId" integer NOT NULL, "dueDate" date NOT NULL, "status" character varying(8) NOT NULL DEFAULT 'open', "sourceKey" character varying(80) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d9da67e604e20d33985a07310b4" UNIQUE ("sourceKey"), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_62eb88d477f1718468444576bd" ON "tasks"  ("status", "dueDate") `);
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_dc0c9fe7be31bebd72640b30ef9" FOREIGN KEY ("workerId") REFERENCES "workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_39a9350697e50cf7f38bf4ef917" FOREIGN KEY ("employerId") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_069865e4266ae4315048abb8189" FOREIGN KEY ("brokerId") REFERENCES "brokers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "FK_66b49b043cad57cfd5f6d3b9ceb" FOREIGN KEY ("placementId") REFERENCES "placements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "CHK_placements_status" CHECK ("status" IN ('awaiting_contract','contract_signed','overdue','ended'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "CHK_placements_wage" CHECK ("monthlyWageFen" > 0)`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "CHK_placements_end" CHECK ("endDate" IS NULL OR "endDate" >= "startDate")`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "CHK_contracts_term" CHECK (("openEnded" AND "termMonths" IS NULL) OR (NOT "openEnded" AND "termMonths" > 0))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "CHK_cases_kind" CHECK ("kind" IN ('wage_arrears','no_contract','injury','treatment','other'))`,
    );
    // Issued documents are never changed afterwards, whatever the application does.
    await queryRunner.query(`CREATE FUNCTION documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'documents are immutable once issued: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER documents_no_update_delete BEFORE UPDATE OR DELETE ON "documents" FOR EACH ROW EXECUTE FUNCTION documents_immutable()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER documents_no_update_delete ON "documents"`);
    await queryRunner.query(`DROP FUNCTION documents_immutable()`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "CHK_cases_kind"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "CHK_contracts_term"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "CHK_placements_end"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "CHK_placements_wage"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "CHK_placements_status"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "FK_66b49b043cad57cfd5f6d3b9ceb"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_069865e4266ae4315048abb8189"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_39a9350697e50cf7f38bf4ef917"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_dc0c9fe7be31bebd72640b30ef9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_62eb88d477f1718468444576bd"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP TABLE "contracts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2ab3759d25b6504e0c3917546d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_069865e4266ae4315048abb818"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_39a9350697e50cf7f38bf4ef91"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dc0c9fe7be31bebd72640b30ef"`);
    await queryRunner.query(`DROP TABLE "placements"`);
    await queryRunner.query(`DROP TABLE "number_counters"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7c6820a0ee99a8330d87f68c8a"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1684d9e119688eb16910178788"`);
    await queryRunner.query(`DROP TABLE "case_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_61e3e2a8d03b60fcabee5a569f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7164af9a4d73ae84836511091a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9c37df18f608c42327ab701051"`);
    await queryRunner.query(`DROP TABLE "cases"`);
  }
}
