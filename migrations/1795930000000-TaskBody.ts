import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A task may say what to do beyond its title (a process stopped for a missing record). */
export class TaskBody1795930000000 implements MigrationInterface {
  name = 'TaskBody1795930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "body" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "body"`);
  }
}
