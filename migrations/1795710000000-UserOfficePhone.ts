import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users get an office phone (办公电话), printed beside their name on the letters they are the contact of. */
export class UserOfficePhone1795710000000 implements MigrationInterface {
  name = 'UserOfficePhone1795710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "officePhone" character varying(20)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "officePhone"`);
  }
}
