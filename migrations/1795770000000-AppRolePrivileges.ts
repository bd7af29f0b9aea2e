import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the API and the workers may do, granted to `labour_export_app`, the role they connect as
 * (their own login role, or a login role made a member of it). The owner runs the migrations and
 * owns every table; the app owns nothing, so it can neither change the schema nor switch off the
 * audit trail's trigger (ALTER TABLE needs ownership, session_replication_role a superuser).
 *
 * - rows: SELECT, INSERT, UPDATE, DELETE; never TRUNCATE;
 * - the audit trail: SELECT and INSERT only; the migrations' own bookkeeping: SELECT only;
 * - tables a later migration creates get the same by default privileges, so a new migration
 *   needs to say something only for a table the app may not change freely.
 */
export class AppRolePrivileges1795770000000 implements MigrationInterface {
  name = 'AppRolePrivileges1795770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The provisioning (embedded Postgres, docker/postgres-init.sh) creates it as a login role;
    // on a server provisioned by hand it is created here if the owner may, for login roles to join.
    await queryRunner.query(`DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'labour_export_app') THEN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
      RAISE EXCEPTION 'role labour_export_app does not exist: create it (CREATE ROLE labour_export_app LOGIN PASSWORD ...) before migrating';
    END IF;
    CREATE ROLE labour_export_app NOLOGIN;
  END IF;
END $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO labour_export_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO labour_export_app`);
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO labour_export_app`);
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO labour_export_app`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO labour_export_app`,
    );
    await queryRunner.query(`REVOKE UPDATE, DELETE ON "audit_log" FROM labour_export_app`);
    await queryRunner.query(`REVOKE INSERT, UPDATE, DELETE ON "migrations" FROM labour_export_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM labour_export_app`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM labour_export_app`,
    );
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM labour_export_app`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM labour_export_app`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM labour_export_app`);
  }
}
