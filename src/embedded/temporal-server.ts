import { spawn, ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { ensureTemporalCli } from './tools.js';
import { PortInUseError, portFree, waitForPort } from './ports.js';

export interface RunningTemporal {
  address: string;
  pid: number;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * The Temporal CLI's dev server with its SQLite file under the data folder, so running
 * workflows and timers survive a restart, and the workflows' custom search attributes. WAL + synchronous=normal make the file as fast
 * as memory (see MACHINE.md's measurements).
 */
export async function startTemporalDevServer(
  opts: { DATA_DIR: string; EMBEDDED_TEMPORAL_PORT: number; EMBEDDED_TEMPORAL_UI_PORT: number },
  {
    dbFile = 'temporal.db',
    ui = true,
    namespaces = [],
  }: { dbFile?: string | null; ui?: boolean; namespaces?: string[] } = {},
): Promise<RunningTemporal> {
  const port = opts.EMBEDDED_TEMPORAL_PORT;
  const uiPort = opts.EMBEDDED_TEMPORAL_UI_PORT;
  if (!(await portFree(port))) throw new PortInUseError(port, 'Temporal dev server', 'EMBEDDED_TEMPORAL_PORT');
  if (ui && !(await portFree(uiPort))) throw new PortInUseError(uiPort, 'Temporal web UI', 'EMBEDDED_TEMPORAL_UI_PORT');
  const cli = await ensureTemporalCli();
  const dataDir = resolve(opts.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (dbFile) {
    args.push(
      '--db-filename',
      join(dataDir, dbFile),
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    );
  }
  // Namespaces beyond `default`; the search attributes below are registered in each of them.
  for (const n of namespaces) args.push('--namespace', n);
  // The custom search attributes the workflows set (the dev server registers them at each start).
  for (const a of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${a.name}=${a.type}`);
  if (ui) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  // Own process group: a terminal's Ctrl-C reaches only the launcher, which stops Temporal after the worker drained.
  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const up = await waitForPort(port, '127.0.0.1', 60_000, () => !exited);
  if (!up) {
    child.kill('SIGKILL');
    throw new Error(
      `the Temporal dev server did not start on 127.0.0.1:${port}: ${output.join('').trim().split('\n').slice(-5).join('\n')}`,
    );
  }
  return {
    address: `127.0.0.1:${port}`,
    pid: child.pid!,
    uiUrl: ui ? `http://127.0.0.1:${uiPort}` : undefined,
    stop: () =>
      new Promise<void>((ok) => {
        if (exited) return ok();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          ok();
        });
        child.kill('SIGTERM');
      }),
  };
}
