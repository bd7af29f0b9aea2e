/**
 * The API fuzzed from its own OpenAPI document by schemathesis (from PyPI), once per role, on
 * the e2e stack (real Postgres, Temporal and worker): every operation gets generated valid and
 * invalid input, and no answer may be a server error, nor a body that does not match the response
 * schema the operation declares. Bounded in time per role; run by
 * `npm run fuzz` (CI runs it after `npm test`), not by `npm test`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolsDir } from '../../src/embedded/tools.js';
import { createTestApp, TestApp } from '../support/app.js';

const VERSION = '4.32.5';
/** Seconds of fuzzing per role: a few minutes in all. */
const SECONDS = Number(process.env.FUZZ_SECONDS_PER_ROLE ?? 45);
/** Operations that end the fuzzer's own session, or that would leave it nothing to test with. */
const EXCLUDED = ['/auth/logout'];

let t: TestApp;
let base: string;

/** schemathesis in a virtualenv of its own under .tools, made once (a marker says it is whole). */
function ensureSchemathesis(): string {
  const dir = join(toolsDir(), `schemathesis-${VERSION}`);
  const bin = join(dir, 'bin', 'schemathesis');
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(toolsDir(), { recursive: true });
  const step = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  };
  step('python3', ['-m', 'venv', dir]);
  step(join(dir, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', `schemathesis==${VERSION}`]);
  writeFileSync(marker, `${VERSION}\n`);
  return bin;
}

function run(bin: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
}, 120_000);
afterAll(() => t?.close());

describe('the API under fuzzing', () => {
  // The admin last: what it changes (users, policies, the calendar) should not starve the others.
  it.each(['broker', 'finance', 'caseworker', 'admin'] as const)(
    'as %s: no operation answers a server error or a body unlike its declared schema',
    async (role) => {
      const bin = ensureSchemathesis();
      const me = await t.login(role);
      const reportDir = join(process.cwd(), 'test-artifacts', 'fuzz');
      mkdirSync(reportDir, { recursive: true });
      const { code, out } = await run(bin, [
        'run',
        `${base}/api/docs-json`,
        '--header',
        `Authorization: ${me.auth.Authorization}`,
        '--checks',
        'not_a_server_error,response_schema_conformance',
        '--max-time',
        String(SECONDS),
        '--seed',
        '20261202',
        // One worker: with two, hypothesis builds its lambda descriptions (ast) on two threads at
        // once and CPython answers "AST constructor recursion depth mismatch" as a runtime error.
        '--workers',
        '1',
        '--request-timeout',
        '30',
        // Nothing written into the project: examples it finds live only for the run.
        '--generation-database',
        ':memory:',
        ...EXCLUDED.flatMap((p) => ['--exclude-path', p]),
        '--report',
        'junit',
        '--report-junit-path',
        join(reportDir, `${role}.xml`),
      ]);
      writeFileSync(join(reportDir, `${role}.txt`), out);
      // The run's summary (operations, test cases, failures) in the log, whatever the outcome.
      // Its last line is drawn like pytest's ("=== 2 warnings in 45s ==="), which a reader of the
      // log's closing lines takes for a run of no tests: left out, the figures above it say it all.
      const summary = out.slice(out.lastIndexOf('SUMMARY') >>> 0);
      const shown = (code === 0 ? summary : out).replace(/^=+ [^\n]* in [\d.]+s =+$/gm, '');
      process.stdout.write(`schemathesis as ${role}:\n${shown}\n`);
      expect({ role, code, failures: out.match(/^.*(Server error|Response violates schema).*$/gm) ?? [] }).toEqual({
        role,
        code: 0,
        failures: [],
      });
    },
    (SECONDS + 180) * 1000,
  );
});
