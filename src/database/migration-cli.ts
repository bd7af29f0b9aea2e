/**
 * `npm run migration:generate -- <Name> | migration:run | migration:revert`.
 * Uses the app's data source, as the schema's owner (DATABASE_OWNER_URL, else DATABASE_URL).
 * Without DATABASE_URL it starts the embedded Postgres under DATA_DIR for the duration of the command.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from '../embedded/postgres.js';
import { projectRoot } from '../embedded/tools.js';
import { createMigrationDataSource } from './data-source.js';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (!['generate', 'run', 'revert'].includes(command)) {
    console.error('usage: migration-cli generate <Name> | run | revert');
    process.exit(2);
  }
  if (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
    console.error('migration:generate needs a name in PascalCase, e.g. npm run migration:generate -- AddCases');
    process.exit(2);
  }
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres(config);
  if (embedded) {
    config.DATABASE_URL = embedded.url;
    config.DATABASE_OWNER_URL = embedded.ownerUrl;
  }
  const ds = createMigrationDataSource(config);
  try {
    await ds.initialize();
    if (command === 'run') {
      const done = await ds.runMigrations({ transaction: 'each' });
      console.log(done.length ? done.map((m) => `applied ${m.name}`).join('\n') : 'no pending migrations');
    } else if (command === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else {
      await generate(ds, name);
    }
  } finally {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

async function generate(ds: DataSource, name: string): Promise<void> {
  const sql = await ds.driver.createSchemaBuilder().log();
  // CHECK constraints (CHK_*) and triggers are written by hand in migrations, not declared on
  // entities; the schema builder would drop them, so leave them out of generated migrations.
  const handWritten = (q: { query: string }) => /"CHK_[A-Za-z0-9_]+"/.test(q.query);
  sql.upQueries = sql.upQueries.filter((q) => !handWritten(q));
  sql.downQueries = sql.downQueries.filter((q) => !handWritten(q));
  if (sql.upQueries.length === 0) {
    console.log('the entities match the database: nothing to generate');
    return;
  }
  const ts = Date.now();
  const className = `${name}${ts}`;
  const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  const up = sql.upQueries.map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
  const down = sql.downQueries
    .reverse()
    .map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`)
    .join('\n');
  const dir = join(projectRoot(), 'migrations');
  const file = `${ts}-${name}`;
  writeFileSync(
    join(dir, `${file}.ts`),
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down}
  }
}
`,
  );
  const indexPath = join(dir, 'index.ts');
  let index = readFileSync(indexPath, 'utf8');
  index = `import { ${className} } from './${file}.js';\n` + index;
  index = index.replace(/\n\];\s*$/, `\n  ${className},\n];\n`);
  writeFileSync(indexPath, index);
  console.log(`wrote migrations/${file}.ts and listed it in migrations/index.ts; run npm run migration:run`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
