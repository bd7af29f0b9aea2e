/** Points this test file at its Jest worker's own database and Temporal namespace. */
import { workerDatabase, workerNamespace, withDatabase } from './parallel.mjs';

const worker = Number(process.env.JEST_WORKER_ID ?? 1);
if (worker > 1) {
  for (const key of ['DATABASE_URL', 'TEST_DATABASE_OWNER_URL']) {
    const url = process.env[key];
    if (!url) continue;
    const base = decodeURIComponent(new URL(url).pathname.slice(1));
    process.env[key] = withDatabase(url, workerDatabase(base, worker));
  }
  process.env.TEMPORAL_NAMESPACE = workerNamespace(worker);
}
