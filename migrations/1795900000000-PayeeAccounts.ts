import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bank account each payee is paid into (workers, brokers, training providers), and on each
 * claim the account as it stood when finance approved it. Existing rows have none: their claims
 * wait at approval until someone records the account.
 */
export class PayeeAccounts1795900000000 implements MigrationInterface {
  name = 'PayeeAccounts1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['workers', 'brokers', 'training_providers']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "bankName" character varying(60)`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD "bankAccount" character varying(32)`);
    }
    await queryRunner.query(`ALTER TABLE "claims" ADD "payeeBank" character varying(60)`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "payeeAccount" character varying(32)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "payeeAccount"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "payeeBank"`);
    for (const table of ['training_providers', 'brokers', 'workers']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "bankAccount"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "bankName"`);
    }
  }
}
