import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks, documents and audit lines about a batch take its county; the rest as the Offices and the
 * JobOrders migrations have them (this replaces their functions, so it keeps their kinds).
 */
const subjectFunctions = (withBatch: boolean) => [
  `CREATE OR REPLACE FUNCTION subject_county(kind text, subject integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT CASE kind
    WHEN 'worker' THEN (SELECT "countyId" FROM workers WHERE id = subject)
    WHEN 'placement' THEN (SELECT "countyId" FROM placements WHERE id = subject)
    WHEN 'case' THEN (SELECT "countyId" FROM cases WHERE id = subject)
    WHEN 'claim' THEN (SELECT "countyId" FROM claims WHERE id = subject)
    WHEN 'enrollment' THEN (SELECT "countyId" FROM enrollments WHERE id = subject)
    WHEN 'referral' THEN (SELECT "countyId" FROM referrals WHERE id = subject)
    WHEN 'household' THEN (SELECT "countyId" FROM households WHERE id = subject)
    WHEN 'contact_request' THEN (SELECT h."countyId" FROM contact_requests r JOIN households h ON h.id = r."householdId" WHERE r.id = subject)
    WHEN 'ledger_import' THEN (SELECT "countyId" FROM ledger_imports WHERE id = subject)
    WHEN 'job_order' THEN (SELECT "countyId" FROM job_orders WHERE id = subject)
    ${withBatch ? `WHEN 'payout_batch' THEN (SELECT "countyId" FROM payout_batches WHERE id = subject)` : ''}
  END $$`,
  `CREATE OR REPLACE FUNCTION subject_visible(kind text, subject integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE kind
    WHEN 'worker' THEN EXISTS (SELECT 1 FROM workers WHERE id = subject)
    WHEN 'placement' THEN EXISTS (SELECT 1 FROM placements WHERE id = subject)
    WHEN 'case' THEN EXISTS (SELECT 1 FROM cases WHERE id = subject)
    WHEN 'claim' THEN EXISTS (SELECT 1 FROM claims WHERE id = subject)
    WHEN 'enrollment' THEN EXISTS (SELECT 1 FROM enrollments WHERE id = subject)
    WHEN 'referral' THEN EXISTS (SELECT 1 FROM referrals WHERE id = subject)
    WHEN 'household' THEN EXISTS (SELECT 1 FROM households WHERE id = subject)
    WHEN 'contact_request' THEN EXISTS (SELECT 1 FROM contact_requests WHERE id = subject)
    WHEN 'ledger_import' THEN EXISTS (SELECT 1 FROM ledger_imports WHERE id = subject)
    WHEN 'job_order' THEN EXISTS (SELECT 1 FROM job_orders WHERE id = subject)
    ${withBatch ? `WHEN 'payout_batch' THEN EXISTS (SELECT 1 FROM payout_batches WHERE id = subject)` : ''}
    ELSE false
  END $$`,
];

/**
 * Paying approved claims through the bank's agency-payment channel (代发): funding lines with a
 * yearly budget, payout batches made by one finance user and approved by another, one line per
 * claim with a reference from a sequence (never reused), the bank file the batch produced, and
 * the bank's return files. A claim has at most one line that is waiting, sent or paid: a failed
 * line lets the claim go into a later batch under a new reference, never be paid twice.
 * Claims gain the states in_batch and payment_failed; the payout row (one per claim) is now the
 * bank's confirmation, and a reversal reported later is kept on it.
 */
export class PayoutBatches1796300000000 implements MigrationInterface {
  name = 'PayoutBatches1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string, params?: unknown[]) => queryRunner.query(sql, params);
    await run(`CREATE TABLE "funding_lines" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "year" integer NOT NULL CHECK ("year" BETWEEN 2000 AND 2100),
      "name" character varying(60) NOT NULL,
      "budgetFen" bigint NOT NULL CHECK ("budgetFen" >= 0),
      "createdBy" character varying(40) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_funding_lines_county_year_name" UNIQUE ("countyId", "year", "name"))`);
    await run(`CREATE TABLE "payout_batches" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "number" character varying(40) NOT NULL,
      "fundingLineId" integer NOT NULL REFERENCES "funding_lines"("id") ON DELETE RESTRICT,
      "status" character varying(16) NOT NULL DEFAULT 'built'
        CHECK ("status" IN ('built', 'approved', 'awaiting_bank', 'reconciled', 'closed', 'cancelled')),
      "fileFormat" character varying(4) NOT NULL CHECK ("fileFormat" IN ('xlsx', 'csv')),
      "lineCount" integer NOT NULL CHECK ("lineCount" > 0),
      "totalFen" bigint NOT NULL CHECK ("totalFen" >= 0),
      "createdBy" character varying(40) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "approvedBy" character varying(40),
      "approvedAt" TIMESTAMP WITH TIME ZONE,
      "fileDocumentId" integer REFERENCES "documents"("id") ON DELETE RESTRICT,
      "fileIssuedAt" TIMESTAMP WITH TIME ZONE,
      "bankReminderAt" TIMESTAMP WITH TIME ZONE,
      "reconciledAt" TIMESTAMP WITH TIME ZONE,
      "closedAt" TIMESTAMP WITH TIME ZONE,
      "closedBy" character varying(40),
      "cancelReason" text,
      "noticeFrom" date,
      "noticeUntil" date,
      "noticeDocumentId" integer REFERENCES "documents"("id") ON DELETE RESTRICT,
      "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_payout_batches_county_number" UNIQUE ("countyId", "number"),
      CONSTRAINT "CHK_payout_batches_maker_checker" CHECK ("approvedBy" IS NULL OR "approvedBy" <> "createdBy"))`);
    await run(`CREATE INDEX "IDX_payout_batches_county" ON "payout_batches" ("countyId", "id")`);
    await run(`CREATE SEQUENCE "payout_reference_seq" AS bigint START 1 NO CYCLE`);
    await run(`CREATE TABLE "payout_lines" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "batchId" integer NOT NULL REFERENCES "payout_batches"("id") ON DELETE RESTRICT,
      "claimId" integer NOT NULL REFERENCES "claims"("id") ON DELETE RESTRICT,
      "reference" character varying(24) NOT NULL,
      "payeeName" character varying(100) NOT NULL,
      "bankName" character varying(60) NOT NULL,
      "bankAccount" character varying(32) NOT NULL,
      "amountFen" integer NOT NULL CHECK ("amountFen" > 0),
      "status" character varying(10) NOT NULL DEFAULT 'pending'
        CHECK ("status" IN ('pending', 'sent', 'paid', 'failed', 'dropped')),
      "paidOn" date,
      "failedOn" date,
      "failReason" text,
      "reversed" boolean NOT NULL DEFAULT false,
      "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_payout_lines_reference" UNIQUE ("reference"),
      CONSTRAINT "CHK_payout_lines_paid_on" CHECK ("status" <> 'paid' OR "paidOn" IS NOT NULL),
      CONSTRAINT "CHK_payout_lines_failed" CHECK ("status" <> 'failed' OR ("failedOn" IS NOT NULL AND "failReason" IS NOT NULL)))`);
    // The rule behind "never paid twice": one line per claim that is waiting, sent or paid.
    await run(
      `CREATE UNIQUE INDEX "UQ_payout_lines_one_live_per_claim" ON "payout_lines" ("claimId") WHERE "status" IN ('pending', 'sent', 'paid')`,
    );
    await run(`CREATE INDEX "IDX_payout_lines_batch" ON "payout_lines" ("batchId")`);
    await run(`CREATE TABLE "payout_files" (
      "batchId" integer PRIMARY KEY REFERENCES "payout_batches"("id") ON DELETE RESTRICT,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "format" character varying(4) NOT NULL,
      "fileName" character varying(120) NOT NULL,
      "content" bytea NOT NULL,
      "sha256" character(64) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`);
    await run(`CREATE TABLE "payout_returns" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "batchId" integer NOT NULL REFERENCES "payout_batches"("id") ON DELETE RESTRICT,
      "fileName" character varying(200) NOT NULL,
      "sha256" character(64) NOT NULL,
      "lines" jsonb NOT NULL,
      "outcome" jsonb,
      "uploadedBy" character varying(40) NOT NULL,
      "uploadedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "reconciledAt" TIMESTAMP WITH TIME ZONE)`);
    await run(`CREATE INDEX "IDX_payout_returns_batch" ON "payout_returns" ("batchId")`);
    // 公示 objections against a line: an open one holds the claim back from payment.
    await run(`CREATE TABLE "payout_objections" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "batchId" integer NOT NULL REFERENCES "payout_batches"("id") ON DELETE RESTRICT,
      "lineId" integer NOT NULL REFERENCES "payout_lines"("id") ON DELETE RESTRICT,
      "claimId" integer NOT NULL REFERENCES "claims"("id") ON DELETE RESTRICT,
      "objector" character varying(60) NOT NULL,
      "content" text NOT NULL,
      "status" character varying(10) NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'upheld', 'dismissed')),
      "recordedBy" character varying(40) NOT NULL,
      "recordedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "resolvedBy" character varying(40),
      "resolvedAt" TIMESTAMP WITH TIME ZONE,
      "resolution" text,
      CONSTRAINT "CHK_payout_objections_resolved" CHECK (("status" = 'open') = ("resolvedAt" IS NULL)))`);
    await run(`CREATE INDEX "IDX_payout_objections_line" ON "payout_objections" ("lineId")`);

    // A batch's and a line's county: the funding line's, the batch's; the finance user's by default.
    await run(
      `CREATE TRIGGER funding_lines_scope BEFORE INSERT ON "funding_lines" FOR EACH ROW EXECUTE FUNCTION scope_own_county()`,
    );
    await run(
      `CREATE TRIGGER payout_batches_scope BEFORE INSERT ON "payout_batches" FOR EACH ROW EXECUTE FUNCTION scope_from_parent('funding_lines', 'fundingLineId')`,
    );
    for (const t of ['payout_lines', 'payout_files', 'payout_returns', 'payout_objections'])
      await run(
        `CREATE TRIGGER ${t}_scope BEFORE INSERT ON "${t}" FOR EACH ROW EXECUTE FUNCTION scope_from_parent('payout_batches', 'batchId')`,
      );
    // County-wide like the registers: finance works at the county bureau.
    for (const t of [
      'funding_lines',
      'payout_batches',
      'payout_lines',
      'payout_files',
      'payout_returns',
      'payout_objections',
    ]) {
      await run(`ALTER TABLE "${t}" ENABLE ROW LEVEL SECURITY`);
      await run(
        `CREATE POLICY scope ON "${t}" USING (app_sees_county("countyId")) WITH CHECK (app_sees_county("countyId"))`,
      );
    }
    // The bank file and the bank's answer are kept as received: the app may add, never change them.
    await run(`REVOKE UPDATE, DELETE ON "payout_files" FROM labour_export_app`);
    await run(
      `REVOKE DELETE ON "payout_returns", "payout_lines", "payout_batches", "payout_objections" FROM labour_export_app`,
    );
    await run(`GRANT USAGE, SELECT ON SEQUENCE "payout_reference_seq" TO labour_export_app`);

    await run(`ALTER TABLE "claims" DROP CONSTRAINT "CHK_claims_status"`);
    await run(
      `ALTER TABLE "claims" ADD CONSTRAINT "CHK_claims_status" CHECK ("status" IN ('awaiting_approval','returned','approved','rejected','in_batch','held','paid','payment_failed'))`,
    );
    await run(`ALTER TABLE "payouts" ADD "lineId" integer REFERENCES "payout_lines"("id") ON DELETE RESTRICT`);
    await run(`ALTER TABLE "payouts" ADD "reversedOn" date`);
    await run(`ALTER TABLE "payouts" ADD "reversalReason" text`);

    for (const f of subjectFunctions(true)) await run(f);

    await run(
      `INSERT INTO "policy_values" ("key", "value", "effectiveFrom", "source", "createdBy") VALUES
        ('payouts.bank_answer_reminder_days', 7, '2000-01-01', '财务做法：代发文件送出7天未收到银行回盘，提醒财务催办', 'system:seed'),
        ('payouts.notice_working_days', 5, '2000-01-01', '补贴资金发放前公示，公示期5个工作日', 'system:seed')
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(
      `DELETE FROM "policy_values" WHERE "key" IN ('payouts.bank_answer_reminder_days', 'payouts.notice_working_days')`,
    );
    for (const f of subjectFunctions(false)) await run(f);
    await run(`ALTER TABLE "payouts" DROP COLUMN "reversalReason"`);
    await run(`ALTER TABLE "payouts" DROP COLUMN "reversedOn"`);
    await run(`ALTER TABLE "payouts" DROP COLUMN "lineId"`);
    await run(`ALTER TABLE "claims" DROP CONSTRAINT "CHK_claims_status"`);
    await run(
      `ALTER TABLE "claims" ADD CONSTRAINT "CHK_claims_status" CHECK ("status" IN ('awaiting_approval','returned','approved','rejected','paid'))`,
    );
    for (const t of ['payout_objections', 'payout_returns', 'payout_files', 'payout_lines'])
      await run(`DROP TABLE "${t}"`);
    await run(`DROP SEQUENCE "payout_reference_seq"`);
    await run(`DROP TABLE "payout_batches"`);
    await run(`DROP TABLE "funding_lines"`);
  }
}
