import { spawn, type ChildProcess } from 'node:child_process';
import { ownNamespace } from './test-env.js';
import { waitFor } from './wait.js';

/**
 * The API or the worker as the real process an operator runs (`node dist/src/api.js`), with its
 * standard output (the logger's stream) collected line by line for a test to read.
 */
export class AppProcess {
  readonly lines: string[] = [];
  private readonly proc: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    readonly script: 'api' | 'worker',
    env: Record<string, string>,
  ) {
    this.proc = spawn(process.execPath, [`dist/src/${script}.js`], {
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root', ...ownNamespace(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let rest = '';
    this.proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      this.lines.push(...parts.filter((l) => l.length > 0));
    });
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.lines.push(`[stderr] ${chunk}`));
    this.exited = new Promise((ok) => this.proc.once('exit', () => ok()));
  }

  /** Its process id: a Temporal worker's default identity is `<pid>@<host>`. */
  get pid(): number {
    return this.proc.pid!;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Everything it wrote so far, as one string (to search for what must never be there). */
  output(): string {
    return this.lines.join('\n');
  }

  /** Its log lines parsed; a line that is not JSON fails the test that reads it. */
  entries(): Record<string, any>[] {
    return this.lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, any>;
      } catch {
        throw new Error(`the ${this.script} wrote a line that is not JSON: ${line.slice(0, 300)}`);
      }
    });
  }

  async waitForEntry(match: (e: Record<string, any>) => boolean, what: string, ms = 60_000) {
    return waitFor(
      async () => this.entries().find(match),
      `${this.script}: ${what}`,
      ms,
      () => this.lines.slice(-5),
    );
  }

  /** SIGKILL: the process dies where it stands (a crash, an out-of-memory kill), with no shutdown hooks. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as docker or npm start would stop it; SIGKILL if it has not gone within 30 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    const kill = setTimeout(() => this.proc.kill('SIGKILL'), 30_000);
    this.proc.kill('SIGTERM');
    await this.exited;
    clearTimeout(kill);
  }
}
