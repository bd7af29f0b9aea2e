import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The placements, cases and claims lists on a county after three years (300,000 placements,
 * 20,000 cases, 55,000 claims), as the app's role under row-level security:
 * - a page's rows in the list's order straight from an index, so 20 rows are read instead of
 *   sorting every match: the cases' order (nearest deadline first, none last, newest first),
 *   the placements' waiting for their contract by deadline, the claims' of a status by decision date;
 * - the capped count (up to 10,001 rows) and the claims' totals from the index alone: each index
 *   carries the columns the filter, the join and the policies read (county, holder, worker,
 *   employer, amount), and the workers' one lets a join check a row's reach without reading
 *   the worker (a join of 10,000 rows read the table or sent 10,000 lookups to the heap).
 */
export class CountyListIndexes1797700000000 implements MigrationInterface {
  name = 'CountyListIndexes1797700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE INDEX "IDX_workers_reach" ON "workers" ("id") INCLUDE ("countyId", "officeId", "township")`);
    // The workers of a township, counted (up to 10,001) without reading them.
    await run(`CREATE INDEX "IDX_workers_township_reach" ON "workers" ("township") INCLUDE ("countyId", "officeId")`);
    // The console's placements open on those still waiting for their contract, earliest deadline
    // first: a few thousand of 300,000, which a full index on the deadline would walk past.
    await run(
      `CREATE INDEX "IDX_placements_unsigned_deadline" ON "placements" ("deadline", "id") WHERE "status" IN ('awaiting_contract', 'overdue')`,
    );
    await run(
      `CREATE INDEX "IDX_placements_status_reach" ON "placements" ("status") INCLUDE ("countyId", "workerId", "employerId")`,
    );
    await run(`CREATE INDEX "IDX_cases_list_order" ON "cases" ("nextDeadline" ASC NULLS LAST, "id" DESC)`);
    await run(
      `CREATE INDEX "IDX_cases_status_kind_reach" ON "cases" ("status", "kind") INCLUDE ("countyId", "officeId", "workerId")`,
    );
    await run(
      `CREATE INDEX "IDX_claims_status_kind_totals" ON "claims" ("status", "kind") INCLUDE ("amountFen", "countyId", "workerId")`,
    );
    await run(`CREATE INDEX "IDX_claims_status_due" ON "claims" ("status", "decisionDueAt", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'IDX_claims_status_due',
      'IDX_claims_status_kind_totals',
      'IDX_cases_status_kind_reach',
      'IDX_cases_list_order',
      'IDX_placements_status_reach',
      'IDX_placements_unsigned_deadline',
      'IDX_workers_township_reach',
      'IDX_workers_reach',
    ])
      await queryRunner.query(`DROP INDEX "${name}"`);
  }
}
