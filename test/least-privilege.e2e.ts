/**
 * The API and the workers connect as a role that owns nothing (labour_export_app): it may read and
 * write rows, only append to the audit trail, and neither change the schema nor switch the audit
 * trail's trigger off. The migrations run as the owner, and a table a later migration adds gets the
 * app's grants by default. The embedded Postgres keeps generated passwords in its data folder, and
 * a folder made with the old fixed password is taken over on start.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations/index.js';
import { createMigrationDataSource, dataSourceOptions } from '../src/database/data-source.js';
import { freePort } from '../src/embedded/ports.js';
import { startEmbeddedPostgres } from '../src/embedded/postgres.js';
import { createTestApp, TestApp } from './support/app.js';
import { auditRows, tag, workerBody } from './support/fixtures.js';
import { ownerDb } from './support/owner-db.js';

// A Postgres of your own (TEST_DATABASE_URL) runs the suite with one role of your choosing.
const onEmbedded = process.env.TEST_DATABASE_URL ? describe.skip : describe;
const PRIVILEGE = '42501'; // insufficient_privilege: "permission denied …", "must be owner of …"

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** The Postgres error code and message of a statement that must fail. */
async function refusal(c: pg.Client, sql: string): Promise<{ code: string; message: string }> {
  try {
    await c.query(sql);
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error(`${sql} was allowed`);
}

onEmbedded('the app’s role (DATABASE_URL)', () => {
  let t: TestApp;
  let app: pg.Client;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    auth = (await t.login('caseworker')).auth;
    app = await connect(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await app?.end();
    await t?.close();
  });

  it('is what the app under test connects as: no superuser, owning nothing', async () => {
    const [{ user, superuser }] = await t.db.query(
      `SELECT current_user AS user, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
    );
    expect({ user, superuser }).toEqual({ user: 'labour_export_app', superuser: false });
    const owned = await app.query(
      `SELECT 'relation' AS kind, relname AS name FROM pg_class WHERE relowner = current_user::regrole
       UNION ALL SELECT 'function', proname FROM pg_proc WHERE proowner = current_user::regrole
       UNION ALL SELECT 'type', typname FROM pg_type WHERE typowner = current_user::regrole
       UNION ALL SELECT 'schema', nspname FROM pg_namespace WHERE nspowner = current_user::regrole
       UNION ALL SELECT 'database', datname FROM pg_database WHERE datdba = current_user::regrole`,
    );
    expect(owned.rows).toEqual([]);
  });

  it('the app works as this role: a registration writes its row and its audit line', async () => {
    const res = await t.http.post('/workers').set(auth).send(workerBody()).expect(201);
    const rows = await auditRows(t, 'worker', res.body.id);
    expect(rows.map((r) => r.action)).toEqual(['create']);
  });

  it('may append to the audit trail and read it, but not UPDATE, DELETE or TRUNCATE it', async () => {
    const {
      rows: [row],
    } = await app.query(
      `INSERT INTO audit_log ("actorName", "actorRole", entity, "entityId", action) VALUES ('测试', 'system', 'probe', $1, 'probe') RETURNING *`,
      [tag()],
    );
    for (const sql of [
      `UPDATE audit_log SET action = 'x' WHERE id = ${row.id}`,
      `DELETE FROM audit_log WHERE id = ${row.id}`,
      'TRUNCATE audit_log',
    ])
      expect(await refusal(app, sql)).toEqual({ code: PRIVILEGE, message: 'permission denied for table audit_log' });
    const { rows: after } = await app.query('SELECT * FROM audit_log WHERE id = $1', [row.id]);
    expect(after).toEqual([row]);
  });

  it('cannot switch the audit trail’s trigger off, neither by ALTER TABLE nor by replication mode', async () => {
    for (const sql of [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
      'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      'DROP TRIGGER audit_log_no_update_delete ON audit_log',
      'CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
    ])
      expect((await refusal(app, sql)).code).toBe(PRIVILEGE);
    expect(await refusal(app, 'SET session_replication_role = replica')).toEqual({
      code: PRIVILEGE,
      message: 'permission denied to set parameter "session_replication_role"',
    });
    const { rows } = await app.query(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY 1`,
    );
    expect(rows).toEqual([
      { tgname: 'audit_log_county', tgenabled: 'O' },
      { tgname: 'audit_log_no_truncate', tgenabled: 'O' },
      { tgname: 'audit_log_no_update_delete', tgenabled: 'O' },
    ]);
  });

  it('changes no schema: ALTER TABLE, CREATE TABLE, DROP TABLE and TRUNCATE of any table are refused', async () => {
    expect(await refusal(app, 'ALTER TABLE audit_log ADD COLUMN probe integer')).toEqual({
      code: PRIVILEGE,
      message: 'must be owner of table audit_log',
    });
    for (const sql of [
      'ALTER TABLE workers ADD COLUMN probe integer',
      `CREATE TABLE probe_${tag()} (id integer)`,
      'DROP TABLE users',
      'TRUNCATE workers',
      'CREATE TEMPORARY TABLE probe (id integer)',
      'INSERT INTO migrations (timestamp, name) VALUES (1, $$probe$$)',
    ])
      expect((await refusal(app, sql)).code).toBe(PRIVILEGE);
  });

  it('a table a later migration adds (as the owner) gets the app’s row grants by default, without TRUNCATE', async () => {
    const table = `probe_${tag()}`;
    const owner = await ownerDb();
    try {
      await owner.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, note text)`);
      await app.query(`INSERT INTO ${table} (note) VALUES ('a'), ('b')`);
      await app.query(`UPDATE ${table} SET note = 'c' WHERE note = 'a'`);
      await app.query(`DELETE FROM ${table} WHERE note = 'b'`);
      expect((await app.query(`SELECT note FROM ${table}`)).rows).toEqual([{ note: 'c' }]);
      expect((await refusal(app, `TRUNCATE ${table}`)).code).toBe(PRIVILEGE);
      expect((await refusal(app, `DROP TABLE ${table}`)).code).toBe(PRIVILEGE);
    } finally {
      await owner.query(`DROP TABLE IF EXISTS ${table}`);
      await owner.end();
    }
  });
});

onEmbedded('the embedded Postgres’s passwords', () => {
  it('are generated and kept in the data folder, readable by its user only', () => {
    const file = resolve(
      '.data',
      `test-pg-${new URL(process.env.DATABASE_URL!).port}`,
      'labour-export-credentials.json',
    );
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(decodeURIComponent(new URL(process.env.DATABASE_URL!).password)).not.toBe('postgres');
  });

  it('a data folder made with the old fixed password is taken over: new passwords, objects handed to the owner', async () => {
    const port = await freePort();
    const dataDir = resolve('.data', `test-legacy-pg-${port}`);
    const opts = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: port };
    const database = 'labour_export_legacy_test';
    rmSync(dataDir, { recursive: true, force: true });
    let server = await startEmbeddedPostgres(opts, { database });
    try {
      // What the embedded Postgres used to be: superuser password `postgres`, no credentials
      // file, the database and every table made by the superuser, migrated up to before this change.
      const legacyAdmin = server.adminUrl.replace(/:[^:@/]+@/, ':postgres@');
      const su = await connect(server.adminUrl);
      await su.query(`ALTER ROLE postgres PASSWORD 'postgres'`);
      await su.query(`DROP DATABASE ${database} WITH (FORCE)`);
      await su.query(`CREATE DATABASE ${database}`);
      await su.end();
      rmSync(join(dataDir, 'pg', 'labour-export-credentials.json'));
      const before = new DataSource(
        dataSourceOptions(
          { DATABASE_URL: legacyAdmin.replace(/\/postgres$/, `/${database}`) },
          { migrations: migrations.filter((m) => Number(/\d{13}$/.exec(m.name)![0]) < 1795770000000) },
        ),
      );
      await before.initialize();
      await before.runMigrations({ transaction: 'each' });
      await before.destroy();
      await server.stop();

      server = await startEmbeddedPostgres(opts, { database });
      const file = join(dataDir, 'pg', 'labour-export-credentials.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await expect(connect(legacyAdmin)).rejects.toThrow(/password authentication failed/);
      const owner = await connect(server.ownerUrl);
      const { rows: notOwned } = await owner.query(
        `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner <> current_user::regrole`,
      );
      expect(notOwned).toEqual([]);
      await owner.end();

      const ds = createMigrationDataSource({ DATABASE_URL: server.url, DATABASE_OWNER_URL: server.ownerUrl });
      await ds.initialize();
      expect((await ds.runMigrations({ transaction: 'each' })).map((m) => m.name)).toContain(
        'AppRolePrivileges1795770000000',
      );
      await ds.destroy();
      const app = await connect(server.url);
      try {
        // A connection that has not said whose reach it acts in sees no records and may write none.
        expect((await app.query('SELECT count(*)::int AS n FROM townships')).rows[0].n).toBe(0);
        const insert = `INSERT INTO workers (name, "citizenId", "birthDate", sex, phone, township, version)
          VALUES ('王测试', '230781198503120017', '1985-03-12', 'male', '13800000000', '城关镇', 1)`;
        expect((await refusal(app, insert)).code).toMatch(/^(23502|42501)$/);
        const [{ county }] = (await app.query(`SELECT min(id) AS county FROM offices WHERE kind = 'county'`)).rows;
        await app.query(
          `SELECT set_config('app.counties', $1, false), set_config('app.county', $1, false), set_config('app.office', $1, false)`,
          [String(county)],
        );
        await app.query(insert);
        expect((await refusal(app, 'ALTER TABLE audit_log DISABLE TRIGGER ALL')).code).toBe(PRIVILEGE);
      } finally {
        await app.end();
      }

      // And the next start reads the same passwords back.
      await server.stop();
      const again = await startEmbeddedPostgres(opts, { database });
      expect(again.url).toBe(server.url);
      server = again;
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
