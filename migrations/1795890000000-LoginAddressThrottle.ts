import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed logins per client address (LoginAddressThrottle); the app role's grants come from the default privileges. */
export class LoginAddressThrottle1795890000000 implements MigrationInterface {
  name = 'LoginAddressThrottle1795890000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_address_throttle" ("address" character varying(64) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "windowStartedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_login_address_throttle" PRIMARY KEY ("address"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_address_throttle"`);
  }
}
