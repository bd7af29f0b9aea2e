import type { RunningPostgres } from '../../src/embedded/postgres.js';
import type { RunningTemporal } from '../../src/embedded/temporal-server.js';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  await (g.__TEST_TEMPORAL__ as RunningTemporal | undefined)?.stop();
  await (g.__TEST_PG__ as RunningPostgres | undefined)?.stop();
}
