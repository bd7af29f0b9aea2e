import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The reach as every policy reads it since ReachOncePerStatement1795830000000. */
const IN_COUNTY = '((SELECT app_sees_all()) OR ("countyId" = ANY ((SELECT app_counties())::integer[])))';

/** The kinds of record a task or document may be about, as Offices1795780000000 left them. */
const SUBJECTS: [kind: string, county: string, visible: string][] = [
  [
    'worker',
    `(SELECT "countyId" FROM workers WHERE id = subject)`,
    `EXISTS (SELECT 1 FROM workers WHERE id = subject)`,
  ],
  [
    'placement',
    `(SELECT "countyId" FROM placements WHERE id = subject)`,
    `EXISTS (SELECT 1 FROM placements WHERE id = subject)`,
  ],
  ['case', `(SELECT "countyId" FROM cases WHERE id = subject)`, `EXISTS (SELECT 1 FROM cases WHERE id = subject)`],
  ['claim', `(SELECT "countyId" FROM claims WHERE id = subject)`, `EXISTS (SELECT 1 FROM claims WHERE id = subject)`],
  [
    'enrollment',
    `(SELECT "countyId" FROM enrollments WHERE id = subject)`,
    `EXISTS (SELECT 1 FROM enrollments WHERE id = subject)`,
  ],
  [
    'referral',
    `(SELECT "countyId" FROM referrals WHERE id = subject)`,
    `EXISTS (SELECT 1 FROM referrals WHERE id = subject)`,
  ],
  [
    'household',
    `(SELECT "countyId" FROM households WHERE id = subject)`,
    `EXISTS (SELECT 1 FROM households WHERE id = subject)`,
  ],
  [
    'contact_request',
    `(SELECT h."countyId" FROM contact_requests r JOIN households h ON h.id = r."householdId" WHERE r.id = subject)`,
    `EXISTS (SELECT 1 FROM contact_requests WHERE id = subject)`,
  ],
  [
    'ledger_import',
    `(SELECT "countyId" FROM ledger_imports WHERE id = subject)`,
    `EXISTS (SELECT 1 FROM ledger_imports WHERE id = subject)`,
  ],
];
const JOB_ORDER: [string, string, string] = [
  'job_order',
  `(SELECT "countyId" FROM job_orders WHERE id = subject)`,
  `EXISTS (SELECT 1 FROM job_orders WHERE id = subject)`,
];

async function subjectFunctions(queryRunner: QueryRunner, kinds: [string, string, string][]): Promise<void> {
  const county = kinds.map(([k, c]) => `    WHEN '${k}' THEN ${c}`).join('\n');
  const visible = kinds.map(([k, , v]) => `    WHEN '${k}' THEN ${v}`).join('\n');
  await queryRunner.query(`CREATE OR REPLACE FUNCTION subject_county(kind text, subject integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT CASE kind
${county}
  END $$`);
  await queryRunner.query(`CREATE OR REPLACE FUNCTION subject_visible(kind text, subject integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE kind
${visible}
    ELSE false
  END $$`);
}

/**
 * 用工需求 / 用工登记: an employer's order for workers, taken at the window. It is the employer's
 * county's (every office of the county sees it, as it sees the employer); a task about an order
 * and its audit lines belong to that county too.
 */
export class JobOrders1796200000000 implements MigrationInterface {
  name = 'JobOrders1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE TABLE "job_orders" (
      "id" SERIAL PRIMARY KEY,
      "countyId" integer NOT NULL REFERENCES "offices"("id") ON DELETE RESTRICT,
      "employerId" integer NOT NULL REFERENCES "employers"("id") ON DELETE RESTRICT,
      "job" character varying(60) NOT NULL,
      "headcount" integer NOT NULL CHECK ("headcount" BETWEEN 1 AND 10000),
      "filled" integer NOT NULL DEFAULT 0 CHECK ("filled" >= 0),
      "wageMinFen" integer NOT NULL CHECK ("wageMinFen" > 0),
      "wageMaxFen" integer NOT NULL,
      "destination" character varying(100) NOT NULL,
      "township" character varying(40),
      "startDate" date NOT NULL,
      "endDate" date,
      "ageMin" integer,
      "ageMax" integer,
      "sex" character varying(6) CHECK ("sex" IN ('male', 'female')),
      "sexReason" character varying(200),
      "skills" text[] NOT NULL DEFAULT '{}',
      "certificates" text[] NOT NULL DEFAULT '{}',
      "board" boolean NOT NULL,
      "lodging" boolean NOT NULL,
      "contactName" character varying(40) NOT NULL,
      "contactPhone" character varying(20) NOT NULL,
      "agreement" character varying(100),
      "notes" text,
      "takenById" integer NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT,
      "status" character varying(16) NOT NULL DEFAULT 'open'
        CHECK ("status" IN ('open', 'partly_filled', 'filled', 'closed', 'expired')),
      "closedOn" date,
      "closedReason" text,
      "policy" jsonb NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL,
      CONSTRAINT "FK_job_orders_township" FOREIGN KEY ("countyId", "township") REFERENCES "townships"("countyId", "name") ON DELETE RESTRICT ON UPDATE CASCADE,
      CONSTRAINT "CHK_job_orders_wage" CHECK ("wageMaxFen" >= "wageMinFen"),
      CONSTRAINT "CHK_job_orders_age" CHECK ("ageMin" IS NULL OR "ageMax" IS NULL OR "ageMax" >= "ageMin"),
      CONSTRAINT "CHK_job_orders_period" CHECK ("endDate" IS NULL OR "endDate" >= "startDate"),
      CONSTRAINT "CHK_job_orders_sex_reason" CHECK ("sex" IS NULL OR "sexReason" IS NOT NULL)
    )`);
    await run(`CREATE INDEX "IDX_job_orders_county" ON "job_orders" ("countyId")`);
    await run(`CREATE INDEX "IDX_job_orders_employer" ON "job_orders" ("employerId")`);
    await run(`CREATE INDEX "IDX_job_orders_status_start" ON "job_orders" ("status", "startDate")`);
    // The monthly figures count orders by the day they were taken.
    await run(`CREATE INDEX "IDX_job_orders_created" ON "job_orders" ("createdAt")`);
    await run(
      `CREATE TRIGGER job_orders_scope BEFORE INSERT ON "job_orders" FOR EACH ROW EXECUTE FUNCTION scope_from_parent('employers', 'employerId')`,
    );
    await run(`ALTER TABLE "job_orders" ENABLE ROW LEVEL SECURITY`);
    await run(`CREATE POLICY scope ON "job_orders" USING (${IN_COUNTY}) WITH CHECK (${IN_COUNTY})`);
    await subjectFunctions(queryRunner, [...SUBJECTS, JOB_ORDER]);
    await run(`INSERT INTO "policy_values" ("key", "value", "effectiveFrom", "source", "createdBy") VALUES
      ('jobs.staffing_check_days_before', 7, '2000-01-01', '本局做法：用工开始前7天核对人员是否到位', 'system:seed'),
      ('jobs.staffing_min_percent', 100, '2000-01-01', '本局做法：已落实人数（已上岗与达成用工意向）低于招用人数的该比例时督办', 'system:seed'),
      ('jobs.seeker_valid_days', 90, '2000-01-01', '本局做法：求职登记有效期90天，期满未续登即失效', 'system:seed')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "policy_values" WHERE "key" LIKE 'jobs.%' AND "createdBy" = 'system:seed'`);
    await subjectFunctions(queryRunner, SUBJECTS);
    await queryRunner.query(`DROP TABLE "job_orders"`);
  }
}
