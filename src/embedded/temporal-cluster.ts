/**
 * The production Temporal server (not the CLI's dev server) on a Postgres the caller provides:
 * persistence and visibility in two databases owned by Temporal's own role, schema made with
 * temporal-sql-tool, the same topology as docker-compose.yml. Used by the rehearsal.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { PortInUseError, portFree, waitForPort } from './ports.js';
import { ensureDatabase, ensureLoginRole } from './postgres-roles.js';
import { ensureTemporalCli, type TemporalServerTools } from './tools.js';

export const TEMPORAL_ROLE = 'temporal';
export const TEMPORAL_DATABASES = { main: 'temporal', visibility: 'temporal_visibility' } as const;

export interface TemporalServerConfig {
  pgHost: string;
  pgPort: number;
  password: string;
  /** Ten consecutive ports from here: gRPC and membership of each service, HTTP, metrics. */
  basePort: number;
  dynamicConfigFile: string;
}

/**
 * Temporal's SQL schema keeps a member's port in a SMALLINT (cluster_membership.rpc_port): a
 * membership port above this makes every heartbeat fail ("out of range for type smallint") and
 * the server exit before it serves. Found by the rehearsal on its first run.
 */
export const MAX_MEMBERSHIP_PORT = 32767;

/** The ports a config from `basePort` uses, by name. */
export function temporalPorts(basePort: number) {
  if (basePort + 8 > MAX_MEMBERSHIP_PORT)
    throw new Error(
      `Temporal base port ${basePort}: its membership ports (up to ${basePort + 8}) must be at most ${MAX_MEMBERSHIP_PORT}, since Temporal's Postgres schema stores them as SMALLINT`,
    );
  return {
    frontend: basePort,
    frontendHttp: basePort + 1,
    frontendMembership: basePort + 2,
    history: basePort + 3,
    historyMembership: basePort + 4,
    matching: basePort + 5,
    matchingMembership: basePort + 6,
    worker: basePort + 7,
    workerMembership: basePort + 8,
    metrics: basePort + 9,
  };
}

/** The server's static config as YAML (JSON strings are YAML strings, so values are quoted that way). */
export function renderTemporalServerConfig(c: TemporalServerConfig): string {
  const p = temporalPorts(c.basePort);
  const q = (s: string) => JSON.stringify(s);
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${q(database)}
        connectAddr: ${q(`${c.pgHost}:${c.pgPort}`)}
        connectProtocol: tcp
        user: ${q(TEMPORAL_ROLE)}
        password: ${q(c.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (grpc: number, membership: number, http?: number) => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnIP: 127.0.0.1${http ? `\n      httpPort: ${http}` : ''}`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:${store(TEMPORAL_DATABASES.main, 20)}
    visibility:${store(TEMPORAL_DATABASES.visibility, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      listenAddress: ${q(`127.0.0.1:${p.metrics}`)}
services:
  frontend:${service(p.frontend, p.frontendMembership, p.frontendHttp)}
  history:${service(p.history, p.historyMembership)}
  matching:${service(p.matching, p.matchingMembership)}
  worker:${service(p.worker, p.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: ${q(`127.0.0.1:${p.frontend}`)}
      httpAddress: ${q(`127.0.0.1:${p.frontendHttp}`)}
dcRedirectionPolicy:
  policy: noop
archival:
  history:
    state: disabled
  visibility:
    state: disabled
namespaceDefaults:
  archival:
    history:
      state: disabled
    visibility:
      state: disabled
dynamicConfigClient:
  filepath: ${q(c.dynamicConfigFile)}
  pollInterval: 10s
`;
}

/**
 * Temporal's role (no superuser, no CREATEDB) and its two databases, connected as the superuser.
 * Nothing else: visibility's schema creates btree_gin itself, which the role may do as the
 * database's owner (a trusted extension since Postgres 13), exactly as in docker-compose.
 */
export async function provisionTemporalDatabases(adminUrl: string, password: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await ensureLoginRole(admin, TEMPORAL_ROLE, password);
    for (const db of Object.values(TEMPORAL_DATABASES)) await ensureDatabase(admin, db, TEMPORAL_ROLE);
  } finally {
    await admin.end();
  }
}

/** setup-schema then update-schema on both databases, as Temporal's role; idempotent. */
export function setupTemporalSchema(tools: TemporalServerTools, c: TemporalServerConfig): void {
  const base = ['--plugin', 'postgres12', '--ep', c.pgHost, '-p', String(c.pgPort), '-u', TEMPORAL_ROLE];
  const env = { ...process.env, SQL_PASSWORD: c.password };
  const steps: [string, string[]][] = [
    [TEMPORAL_DATABASES.main, ['setup-schema', '-v', '0.0']],
    [TEMPORAL_DATABASES.main, ['update-schema', '-d', join(tools.schemaDir, 'temporal', 'versioned')]],
    [TEMPORAL_DATABASES.visibility, ['setup-schema', '-v', '0.0']],
    [TEMPORAL_DATABASES.visibility, ['update-schema', '-d', join(tools.schemaDir, 'visibility', 'versioned')]],
  ];
  for (const [db, args] of steps) {
    const r = spawnSync(tools.sql, [...base, '--db', db, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`temporal-sql-tool ${args[0]} on ${db} failed: ${(r.stderr || r.stdout).trim().slice(-500)}`);
  }
}

export interface RunningTemporalServer {
  address: string;
  pid: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The config written under `dir`, the server started on it, resolved once its frontend port is open. */
export async function startTemporalServer(
  tools: TemporalServerTools,
  c: TemporalServerConfig,
  dir: string,
): Promise<RunningTemporalServer> {
  const ports = temporalPorts(c.basePort);
  for (const port of Object.values(ports))
    if (!(await portFree(port))) throw new PortInUseError(port, 'Temporal server', 'basePort');
  const configDir = resolve(dir);
  mkdirSync(configDir, { recursive: true });
  const configFile = join(configDir, 'temporal.yaml');
  writeFileSync(configFile, renderTemporalServerConfig(c), { mode: 0o600 });
  const child: ChildProcess = spawn(tools.server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.on('exit', () => (exited = true));
  if (!(await waitForPort(ports.frontend, '127.0.0.1', 60_000, () => !exited))) {
    child.kill('SIGKILL');
    throw new Error(`the Temporal server did not start: ${output.join('').trim().split('\n').slice(-5).join('\n')}`);
  }
  return {
    address: `127.0.0.1:${ports.frontend}`,
    pid: child.pid!,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((ok) => {
        if (exited) return ok();
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          ok();
        });
        child.kill(signal);
      }),
  };
}

/**
 * Waits for the cluster to serve, then registers the namespace and the workflows' search
 * attributes with the Temporal CLI (both idempotent), as docker-compose's one-shot job does.
 */
export async function registerNamespace(address: string, namespace: string): Promise<void> {
  const cli = await ensureTemporalCli();
  const run = (args: string[]) => spawnSync(cli, [...args, '--address', address], { encoding: 'utf8' });
  const deadline = Date.now() + 60_000;
  while (run(['operator', 'cluster', 'health']).status !== 0) {
    if (Date.now() > deadline) throw new Error(`the Temporal server at ${address} does not report SERVING`);
    await new Promise((r) => setTimeout(r, 500));
  }
  if (run(['operator', 'namespace', 'describe', '--namespace', namespace]).status !== 0) {
    const r = run(['operator', 'namespace', 'create', '--namespace', namespace, '--retention', '30d']);
    if (r.status !== 0) throw new Error(`namespace ${namespace} not created: ${r.stderr.trim()}`);
  }
  const attrs = SEARCH_ATTRIBUTES.flatMap((a) => ['--name', a.name, '--type', a.type]);
  for (;;) {
    // A just-created namespace may take a moment to be visible to the search-attribute call.
    const r = run(['operator', 'search-attribute', 'create', '--namespace', namespace, ...attrs]);
    if (r.status === 0) return;
    if (Date.now() > deadline) throw new Error(`search attributes not registered: ${r.stderr.trim()}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}
