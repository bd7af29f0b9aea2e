import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ensureTestServer } from '../../src/embedded/tools.js';

// Workers log every state change at INFO; tests want warnings only.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  /* already installed by an earlier test file in this process */
}

/**
 * Temporal's time-skipping server (the Java one from Maven Central, see MACHINE.md). The SDK
 * gives the JVM 5 s to start, which a busy 2-core machine sometimes misses: try again then.
 */
export async function timeSkippingEnv(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let i = 1; ; i++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER ?? ensureTestServer() } },
      });
    } catch (err) {
      if (i >= attempts || !/did not start within/.test((err as Error).message)) throw err;
    }
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflows bundled once per test file (webpack costs seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
  });
  return bundle;
}

export const uniqueQueue = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
