import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox of process starts and signals: a row is written in the transaction
 * that makes the start or signal true, and delivered to Temporal after that transaction commits
 * (at once by the request, else by the relay of any process). One first run per workflow id.
 */
export class ProcessOutbox1795750000000 implements MigrationInterface {
  name = 'ProcessOutbox1795750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "process_outbox" (
        "id" bigserial NOT NULL,
        "kind" character varying(8) NOT NULL,
        "workflowId" character varying(200) NOT NULL,
        "name" character varying(100) NOT NULL,
        "taskQueue" character varying(200),
        "rerun" boolean NOT NULL DEFAULT false,
        "args" jsonb NOT NULL,
        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "nextAttemptAt" TIMESTAMP WITH TIME ZONE NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "lastError" text,
        "doneAt" TIMESTAMP WITH TIME ZONE,
        "outcome" character varying(20),
        "doneBy" character varying(120),
        CONSTRAINT "PK_process_outbox" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_process_outbox_kind" CHECK ("kind" IN ('start', 'signal')),
        CONSTRAINT "CHK_process_outbox_start_queue" CHECK ("kind" <> 'start' OR "taskQueue" IS NOT NULL)
      )`,
    );
    // A process's first run is written once, so an activity retried after a crash cannot ask twice.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_process_outbox_first_run" ON "process_outbox" ("workflowId") WHERE "kind" = 'start' AND NOT "rerun"`,
    );
    // What the relay reads every few seconds: only rows not yet delivered.
    await queryRunner.query(
      `CREATE INDEX "IDX_process_outbox_pending" ON "process_outbox" ("nextAttemptAt", "id") WHERE "doneAt" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "process_outbox"`);
  }
}
