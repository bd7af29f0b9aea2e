import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks become readable queues: the user responsible and the township (so a task lists for a
 * user, a role or a township), and who closed it, when and why. Open tasks raised before get
 * their township and assignee from their subject.
 */
export class TaskQueues1795760000000 implements MigrationInterface {
  name = 'TaskQueues1795760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD "assigneeId" integer, ADD "township" character varying(40), ADD "closedAt" TIMESTAMP WITH TIME ZONE, ADD "closedBy" character varying(40), ADD "closeReason" text`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tasks_subject" ON "tasks" ("subjectType", "subjectId")`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_assignee" ON "tasks" ("assigneeId")`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_township" ON "tasks" ("township")`);
    const fill = async (subjectType: string, from: string, township: string, assignee: string) =>
      queryRunner.query(
        `UPDATE "tasks" t SET "township" = ${township}, "assigneeId" = ${assignee} FROM ${from} WHERE t."subjectType" = '${subjectType}' AND s.id = t."subjectId"`,
      );
    await fill(
      'placement',
      `"placements" s JOIN "workers" w ON w.id = s."workerId" LEFT JOIN "users" u ON u.username = s."registeredBy"`,
      'w.township',
      'u.id',
    );
    await fill('case', `"cases" s JOIN "workers" w ON w.id = s."workerId"`, 'w.township', 's."assigneeId"');
    await fill('claim', `"claims" s JOIN "workers" w ON w.id = s."workerId"`, 'w.township', 'NULL');
    await fill('enrollment', `"enrollments" s JOIN "workers" w ON w.id = s."workerId"`, 'w.township', 'NULL');
    await fill('household', `"households" s`, 's.township', 's."responsibleUserId"');
    await fill(
      'contact_request',
      `"contact_requests" s JOIN "households" h ON h.id = s."householdId"`,
      'h.township',
      's."assigneeId"',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_tasks_township"`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_assignee"`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_subject"`);
    await queryRunner.query(
      `ALTER TABLE "tasks" DROP COLUMN "closeReason", DROP COLUMN "closedBy", DROP COLUMN "closedAt", DROP COLUMN "township", DROP COLUMN "assigneeId"`,
    );
  }
}
