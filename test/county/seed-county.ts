/**
 * `npm run seed:county` — writes the county of test/county/seed.ts into the database: DATABASE_URL
 * (its owner role from DATABASE_OWNER_URL) when set, else the embedded Postgres under DATA_DIR that
 * `npm start` uses (started here, migrated, stopped after). SEED_SCALE (default 1) scales every
 * table (0.01: a county of 2,500 workers, in seconds). Run it again and it tops up or does nothing.
 * The current processes are left in the process outbox: `npm start` afterwards starts them.
 */
import 'reflect-metadata';
import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { createMigrationDataSource } from '../../src/database/data-source.js';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/embedded/postgres.js';
import { COUNTY_NAME, countyTargets, progressPrinter, seedCounty } from './seed.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const scale = Number(process.env.SEED_SCALE ?? 1);
  if (!(scale > 0 && scale <= 10)) throw new Error('SEED_SCALE must be a number in (0, 10]');
  let embedded: RunningPostgres | undefined;
  if (!config.DATABASE_URL) {
    process.stderr.write(`starting the embedded Postgres (data in ${config.DATA_DIR}/pg)…\n`);
    embedded = await startEmbeddedPostgres(config);
    config.DATABASE_URL = embedded.url;
    config.DATABASE_OWNER_URL = embedded.ownerUrl;
  }
  try {
    const ds = createMigrationDataSource(config);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    const t = countyTargets(scale);
    process.stderr.write(
      `seeding ${COUNTY_NAME} at scale ${scale}: ${t.workers.toLocaleString('en')} workers, ${t.placements.toLocaleString('en')} placements, ${t.auditLines.toLocaleString('en')} audit lines…\n`,
    );
    const pool = new pg.Pool({ connectionString: config.DATABASE_OWNER_URL ?? config.DATABASE_URL, max: 2 });
    try {
      const r = await seedCounty(pool, { scale, taskQueue: config.TEMPORAL_TASK_QUEUE, progress: progressPrinter() });
      process.stderr.write('\n');
      process.stdout.write(`${COUNTY_NAME} (office ${r.countyId}) in ${r.seconds.toFixed(1)} s\n`);
      process.stdout.write(`${'table'.padEnd(20)}${'rows'.padStart(12)}${'written now'.padStart(14)}\n`);
      for (const [k, n] of Object.entries(r.counts))
        process.stdout.write(
          `${k.padEnd(20)}${n.toLocaleString('en').padStart(12)}${(r.written[k] ?? 0).toLocaleString('en').padStart(14)}\n`,
        );
      if (r.counts.running_processes)
        process.stdout.write(
          `${r.counts.running_processes} current processes wait in the outbox; \`npm start\` starts them.\n`,
        );
    } finally {
      await pool.end();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`seed:county failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
