export const TEST_DB = 'labour_export_test';
/** Overridable so two test runs on one machine do not collide. */
export const TEST_PG_PORT = Number(process.env.TEST_PG_PORT ?? 54339);
export const TEST_TEMPORAL_PORT = Number(process.env.TEST_TEMPORAL_PORT ?? 7253);

/** Tests drop and recreate their database: refuse any database not named for tests. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.slice(1);
  if (!/_test$/.test(name)) {
    throw new Error(`refusing to run tests against database "${name}": its name must end in _test`);
  }
}

/** The Temporal namespace of this Jest worker (see test/setup/parallel.mjs), for a process a test spawns. */
export function ownNamespace(): { TEMPORAL_NAMESPACE?: string } {
  const ns = process.env.TEMPORAL_NAMESPACE;
  return ns ? { TEMPORAL_NAMESPACE: ns } : {};
}
