import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Console1795584173175 implements MigrationInterface {
  name = 'Console1795584173175';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "console_submissions" ("token" character varying(32) NOT NULL, "sessionId" character varying(64) NOT NULL, "resultUrl" character varying(500), "result" jsonb, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_console_submissions" PRIMARY KEY ("token"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "console_submissions"`);
  }
}
