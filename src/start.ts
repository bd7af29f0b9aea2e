/**
 * `npm start`: the whole system on embedded defaults, no setup by hand.
 *
 * 1. Postgres: DATABASE_URL if set, else the embedded one under DATA_DIR (its owner role for
 *    the migrations, its app role for the API and the worker).
 * 2. Temporal: TEMPORAL_ADDRESS if set, else the CLI's dev server (SQLite under DATA_DIR).
 * 3. Migrations, then demo users on an empty database (never in production).
 * 4. The API and the worker as two child processes, then prints where everything is.
 * Ctrl-C / SIGTERM: the worker drains, the API stops, then the servers started here stop.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AppConfig, loadConfig, redactUrl } from './config/app-config.js';
import { exitWithReason } from './common/fatal.js';
import { createMigrationDataSource } from './database/data-source.js';
import { PortInUseError, portFree, waitForPort } from './embedded/ports.js';
import { RunningPostgres, startEmbeddedPostgres } from './embedded/postgres.js';
import { RunningTemporal, startTemporalDevServer } from './embedded/temporal-server.js';
import { seedDemoUsers } from './demo-users.js';
import { checkReachable } from './embedded/reachability.js';

const say = (m: string) => process.stdout.write(`${m}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const stops: (() => Promise<void>)[] = [];
  const children: { name: string; proc: ChildProcess }[] = [];
  let shuttingDown = false;

  const shutdown = async (code: number, why?: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (why) say(why);
    // Worker first, so it drains while the API still answers; then the API.
    for (const name of ['worker', 'api']) {
      const c = children.find((x) => x.name === name);
      if (c && c.proc.exitCode === null && c.proc.signalCode === null) {
        await new Promise<void>((ok) => {
          const t = setTimeout(() => c.proc.kill('SIGKILL'), 30_000);
          c.proc.once('exit', () => {
            clearTimeout(t);
            ok();
          });
          c.proc.kill('SIGTERM');
        });
      }
    }
    for (const stop of stops.reverse()) await stop().catch((e: Error) => say(`while stopping: ${e.message}`));
    say('stopped; nothing left running');
    process.exit(code);
  };
  // Last resort if this process dies abruptly: the servers and processes it started must not outlive it.
  const started: number[] = [];
  process.once('exit', () => {
    for (const pid of [...children.map((c) => c.proc.pid), ...started]) {
      try {
        if (pid) process.kill(pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  });
  process.on('SIGINT', () => void shutdown(0, '\nstopping (Ctrl-C)…'));
  process.on('SIGTERM', () => void shutdown(0, 'stopping (SIGTERM)…'));

  try {
    if (!(await portFree(config.PORT, config.HOST))) throw new PortInUseError(config.PORT, 'API', 'PORT');
    if (!(await portFree(config.WORKER_HTTP_PORT, config.HOST)))
      throw new PortInUseError(config.WORKER_HTTP_PORT, 'worker probes and metrics', 'WORKER_HTTP_PORT');

    let pgInfo: string;
    if (config.DATABASE_URL) {
      pgInfo = `${redactUrl(config.DATABASE_URL)} (external)`;
    } else {
      say(`starting the embedded Postgres (data in ${config.DATA_DIR}/pg)…`);
      const pg: RunningPostgres = await startEmbeddedPostgres(config);
      stops.push(() => pg.stop());
      started.push(pg.pid);
      config.DATABASE_URL = pg.url;
      config.DATABASE_OWNER_URL = pg.ownerUrl;
      pgInfo = `${redactUrl(pg.url)} (embedded, data in ${config.DATA_DIR}/pg)`;
    }

    let temporalInfo: string;
    let temporalUi = config.TEMPORAL_UI_URL;
    if (config.TEMPORAL_ADDRESS) {
      temporalInfo = `${config.TEMPORAL_ADDRESS} (external)`;
    } else {
      say(`starting the Temporal dev server (data in ${config.DATA_DIR}/temporal.db)…`);
      const t: RunningTemporal = await startTemporalDevServer(config);
      stops.push(() => t.stop());
      started.push(t.pid);
      config.TEMPORAL_ADDRESS = t.address;
      temporalUi = t.uiUrl;
      temporalInfo = `${t.address} (embedded dev server)`;
    }

    await checkReachable(config);

    const ds = createMigrationDataSource(config);
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      say(
        applied.length
          ? `migrations applied: ${applied.map((m) => m.name).join(', ')}`
          : 'database schema is up to date',
      );
      if (!config.production) {
        const demo = await seedDemoUsers(ds);
        if (demo.length) {
          say('\nDemo users created on this empty database (shown once; change them for real use):');
          for (const u of demo) say(`  ${u.role.padEnd(11)} ${u.username.padEnd(12)} password: ${u.password}`);
          say('');
        }
      }
    } finally {
      await ds.destroy();
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: config.DATABASE_URL,
      TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    };
    delete env.DATABASE_OWNER_URL; // the API and the worker get the app's role only
    for (const name of ['worker', 'api'] as const) {
      const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
      // Own process groups, so Ctrl-C reaches only this launcher and the order below holds.
      const proc = spawn(process.execPath, [script], { env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
      children.push({ name, proc });
      proc.on('exit', (code, signal) => {
        if (!shuttingDown) void shutdown(1, `the ${name} process exited (${signal ?? code}); stopping everything`);
      });
    }
    const api = children.find((c) => c.name === 'api')!;
    const up = await waitForPort(
      config.PORT,
      config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST,
      60_000,
      () => api.proc.exitCode === null,
    );
    if (!up) throw new Error('the API did not start listening within 60 s');
    const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
    say(banner(config, host, pgInfo, temporalInfo, temporalUi));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`npm start failed: ${msg}\n`);
    await shutdown(1);
  }
}

function banner(config: AppConfig, host: string, pg: string, temporal: string, ui?: string): string {
  const base = `http://${host}:${config.PORT}`;
  const worker = `http://${host}:${config.WORKER_HTTP_PORT}`;
  const metrics = config.METRICS_PORT ? `http://${config.METRICS_HOST ?? host}:${config.METRICS_PORT}` : base;
  return [
    '',
    '劳务输出 system is running:',
    `  API          ${base}`,
    `  Console      ${base}/console   (web pages, in Chinese)`,
    `  Swagger UI   ${base}/api/docs`,
    `  Health       ${base}/health/live, ${base}/health/ready; worker ${worker}/health/ready`,
    `  Metrics      ${metrics}/metrics (API), ${worker}/metrics (worker)`,
    `  Postgres     ${pg}`,
    `  Temporal     ${temporal}, namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}`,
    `  Temporal UI  ${ui ?? '(set TEMPORAL_UI_URL to show it here)'}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

main().catch(exitWithReason('npm start'));
