import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startTimeSkippingServer } from '../../src/embedded/test-server.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';

// Workers log every state change at INFO; tests want warnings only.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  /* already installed by an earlier test file in this process */
}

type CreateOptions = { server: { type: 'existing' }; address: string; supportsTimeSkipping: true };

/**
 * A time-skipping environment on its own Java test server, started with a long start window
 * (see startTimeSkippingServer); teardown stops the server too. The SDK's public
 * createFromExistingServer turns time skipping off, so this calls the factory behind both
 * with the existing server and time skipping on.
 */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const server = await startTimeSkippingServer();
  try {
    const factory = TestWorkflowEnvironment as unknown as {
      create(o: CreateOptions): Promise<TestWorkflowEnvironment>;
    };
    const env = await factory.create({
      server: { type: 'existing' },
      address: server.address,
      supportsTimeSkipping: true,
    });
    if (!env.supportsTimeSkipping) throw new Error('the Temporal SDK no longer connects with time skipping this way');
    // The workflows' custom search attributes, as the dev server is started with them (it refuses unknown ones).
    const types = temporal.api.enums.v1.IndexedValueType;
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        SEARCH_ATTRIBUTES.map((a) => [
          a.name,
          {
            Keyword: types.INDEXED_VALUE_TYPE_KEYWORD,
            Datetime: types.INDEXED_VALUE_TYPE_DATETIME,
            Int: types.INDEXED_VALUE_TYPE_INT,
          }[a.type],
        ]),
      ),
    });
    const disconnect = env.teardown.bind(env);
    return Object.assign(env, { teardown: () => disconnect().finally(() => server.stop()) });
  } catch (e) {
    await server.stop();
    throw e;
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
