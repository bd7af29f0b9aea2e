/**
 * The Postgres roles the system runs with, for the embedded Postgres the project provisions
 * itself; docker/postgres-init.sh makes the same ones for docker-compose.
 *
 * - the superuser (`postgres`): only this provisioning uses it;
 * - the owner (`labour_export_owner`): owns the database, its schema and every table; runs the
 *   migrations (DATABASE_OWNER_URL);
 * - the app (`labour_export_app`): the API and the workers (DATABASE_URL). Owns nothing, so it
 *   can neither change the schema nor switch a trigger off; what it may do is granted to it by
 *   the migrations (see migrations/1795770000000-AppRolePrivileges.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const SUPERUSER = 'postgres';
export const OWNER_ROLE = 'labour_export_owner';
/** Also the name the migrations grant to; an operator with other login names makes them members of it. */
export const APP_ROLE = 'labour_export_app';

export interface RoleCredentials {
  superuser: string;
  owner: string;
  app: string;
}

/** URL-safe, so a password goes into a connection URL as it is. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

export function generateCredentials(): RoleCredentials {
  return { superuser: generatePassword(), owner: generatePassword(), app: generatePassword() };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * A login role with this password and no special powers: not a superuser, cannot create
 * databases or roles, replicate or bypass row security. Created or brought back to that.
 */
export async function ensureLoginRole(admin: pg.Client, name: string, password: string): Promise<void> {
  const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  const verb = found.rowCount ? 'ALTER' : 'CREATE';
  // Role DDL takes no bind parameters; the password is quoted as a literal.
  await admin.query(
    `${verb} ROLE ${ident(name)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(password)}`,
  );
}

/** The database, owned by `owner`, and reachable only by the roles granted CONNECT on it. */
export async function ensureDatabase(admin: pg.Client, database: string, owner: string): Promise<void> {
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!found.rowCount) await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(owner)}`);
  else await admin.query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(owner)}`);
  await admin.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
}

/**
 * The app's database with its owner and app roles (idempotent), connected as the superuser.
 * A database made before these roles existed (everything owned by the superuser, as the
 * embedded Postgres did) is handed over to the owner, so the migrations can grant on it.
 */
export async function provisionAppDatabase(
  adminUrl: string,
  database: string,
  credentials: Pick<RoleCredentials, 'owner' | 'app'>,
): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await ensureLoginRole(admin, OWNER_ROLE, credentials.owner);
    await ensureLoginRole(admin, APP_ROLE, credentials.app);
    await ensureDatabase(admin, database, OWNER_ROLE);
    await admin.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(APP_ROLE)}`);
  } finally {
    await admin.end();
  }
  const db = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
  await db.connect();
  try {
    await db.query(`ALTER SCHEMA public OWNER TO ${ident(OWNER_ROLE)}`);
    // Before Postgres 15 every role may create in public.
    await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await handOverToOwner(db);
  } finally {
    await db.end();
  }
}

/** Objects in public owned by the connected superuser (not by an extension) → the owner. */
async function handOverToOwner(db: pg.Client): Promise<void> {
  await db.query(`DO $$
DECLARE r record;
BEGIN
  -- Tables, views and foreign tables; a serial's sequence follows its table.
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relowner = current_user::regrole
             AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'ALTER VIEW %s OWNER TO ${OWNER_ROLE}'
                                  WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %s OWNER TO ${OWNER_ROLE}'
                                  WHEN 'f' THEN 'ALTER FOREIGN TABLE %s OWNER TO ${OWNER_ROLE}'
                                  ELSE 'ALTER TABLE %s OWNER TO ${OWNER_ROLE}' END, r.name);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relowner = current_user::regrole AND c.relkind = 'S'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e')) LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO ${OWNER_ROLE}', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p
           WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = current_user::regrole
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format(CASE r.prokind WHEN 'p' THEN 'ALTER PROCEDURE %s OWNER TO ${OWNER_ROLE}'
                                  WHEN 'a' THEN 'ALTER AGGREGATE %s OWNER TO ${OWNER_ROLE}'
                                  ELSE 'ALTER FUNCTION %s OWNER TO ${OWNER_ROLE}' END, r.name);
  END LOOP;
  -- Enums, domains and composite types of their own (not a table's row type or an array type).
  FOR r IN SELECT t.oid::regtype AS name FROM pg_type t
           WHERE t.typnamespace = 'public'::regnamespace AND t.typowner = current_user::regrole
             AND t.typtype IN ('e', 'd', 'c') AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO ${OWNER_ROLE}', r.name);
  END LOOP;
END $$`);
}

/** `postgres://user:password@127.0.0.1:port/database`. */
export function roleUrl(port: number, user: string, password: string, database: string, host = '127.0.0.1'): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
