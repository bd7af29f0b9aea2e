/**
 * The suite runs test files in parallel Jest workers; each worker gets a database and a Temporal
 * namespace of its own (worker 1 the plain ones), so files never see each other's rows, workflow
 * ids or schedules. Read by the Jest config, the global setup and each test file's setup.
 */
export const TEST_WORKERS = Math.max(1, Number(process.env.TEST_WORKERS ?? 2));

/** `labour_export_test` for worker 1, `labour_export_w2_test` for worker 2, ... (still ending in _test). */
export function workerDatabase(base, worker) {
  return worker <= 1 ? base : base.replace(/_test$/, `_w${worker}_test`);
}

export function workerNamespace(worker) {
  return worker <= 1 ? 'default' : `test-w${worker}`;
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
