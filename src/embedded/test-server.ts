import { spawn } from 'node:child_process';
import { ensureTestServer } from './tools.js';
import { freePort, waitForPort } from './ports.js';

export interface RunningTestServer {
  address: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Temporal's Java time-skipping test server for one workflow test file. The SDK's own start
 * (createTimeSkipping) gives the JVM 5 s, fixed in its native core; on a busy machine the JVM
 * needs longer, so the tests start it here with a generous window and connect to it as an
 * existing server. One per file, not one for all: a file's leftover workflows (an activity
 * whose worker is gone holds the clock) would stop time skipping for the files after it.
 */
export async function startTimeSkippingServer(timeoutMs = 120_000): Promise<RunningTestServer> {
  const port = await freePort();
  // Only the port, as the SDK starts it: time skipping then stays locked except while a
  // client waits for a result or sleeps (--enable-time-skipping would let time run off on its own).
  const child = spawn(ensureTestServer(), [String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const started = Date.now();
  if (!(await waitForPort(port, '127.0.0.1', timeoutMs, () => !exited))) {
    child.kill('SIGKILL');
    throw new Error(
      `the Temporal test server did not start on 127.0.0.1:${port} within ${Math.round((Date.now() - started) / 1000)} s: ${stderr.join('').trim().split('\n').slice(-5).join('\n')}`,
    );
  }
  return {
    address: `127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((ok) => {
        if (exited) return ok();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          ok();
        });
        child.kill('SIGTERM');
      }),
  };
}
