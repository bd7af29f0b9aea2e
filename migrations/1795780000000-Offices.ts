import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Records an office holds: a station sees the ones it holds, its county all of the county's. */
const HOLDERS = ['workers', 'households', 'cases', 'ledger_imports', 'ledger_reconciliations'];

/** The county's own registers: every office of the county sees them. */
const COUNTY_WIDE = ['employers', 'brokers', 'training_providers', 'courses', 'survey_rounds'];

/** Records of a holder's record, with their own county for the county-level lists and figures. */
const DERIVED: [table: string, parent: string, column: string][] = [
  ['placements', 'workers', 'workerId'],
  ['claims', 'workers', 'workerId'],
  ['enrollments', 'workers', 'workerId'],
  ['referrals', 'placements', 'placementId'],
];

/** Details of one record, seen exactly when the record is. */
const CHILDREN: [table: string, parent: string, column: string][] = [
  ['contracts', 'placements', 'placementId'],
  ['case_events', 'cases', 'caseId'],
  ['case_workers', 'cases', 'caseId'],
  ['case_notes', 'cases', 'caseId'],
  ['case_limitation_interruptions', 'cases', 'caseId'],
  ['case_attachments', 'cases', 'caseId'],
  ['claim_events', 'claims', 'claimId'],
  ['payouts', 'claims', 'claimId'],
  ['household_members', 'households', 'householdId'],
  ['household_employments', 'households', 'householdId'],
  ['household_episodes', 'households', 'householdId'],
  ['household_events', 'households', 'householdId'],
  ['household_visits', 'households', 'householdId'],
  ['survey_visits', 'households', 'householdId'],
  ['contact_requests', 'households', 'householdId'],
  ['ledger_import_rows', 'ledger_imports', 'importId'],
  ['broker_status_changes', 'brokers', 'brokerId'],
  ['document_pdfs', 'documents', 'documentId'],
];

/** Registers unique within one county (two counties may each have a 城关镇, or register one employer). */
const PER_COUNTY_UNIQUE: [table: string, columns: string[]][] = [
  ['townships', ['name']],
  ['workers', ['citizenId']],
  ['employers', ['creditCode']],
  ['brokers', ['citizenId']],
  ['brokers', ['certificateNo']],
  ['training_providers', ['name']],
  ['training_providers', ['creditCode']],
  ['survey_rounds', ['period']],
  ['cases', ['number']],
  ['claims', ['number']],
  ['documents', ['number']],
  ['documents', ['type', 'year', 'seq']],
];

const q = (c: string) => `"${c}"`;

/**
 * Offices and their reach. A tree of offices (a city, its county bureaus, their township
 * stations); every user belongs to one, every township to a county and at most one station.
 * Every record carries its county, and the records a station can hold (workers, households,
 * cases, ledgers) the office holding them.
 *
 * Who sees what is enforced here, by row-level security on the app's role, so no query of the
 * API, the exports, the reports or the processes can reach past it. Each connection carries the
 * acting user's reach in four settings, set before its statements by the app's Postgres client:
 * - app.counties: the county ids it reaches, comma-separated, or * (the processes themselves);
 * - app.station: the station it is confined to, if any;
 * - app.county, app.office: the user's own county and office, the defaults for a new record.
 * A connection that set nothing (psql as the app's role) sees nothing. The owner, who runs the
 * migrations, is not subject to it.
 *
 * An existing installation becomes one county bureau named by its BUREAU_NAME, BUREAU_PHONE and
 * DOCUMENT_PREFIX, holding every record and user it had.
 */
export class Offices1795780000000 implements MigrationInterface {
  name = 'Offices1795780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string, params?: unknown[]) => queryRunner.query(sql, params);
    await run(`CREATE TABLE "offices" (
      "id" SERIAL PRIMARY KEY,
      "parentId" integer REFERENCES "offices"("id") ON DELETE RESTRICT,
      "kind" character varying(8) NOT NULL CHECK ("kind" IN ('city', 'county', 'station')),
      "name" character varying(60) NOT NULL,
      "documentPrefix" character varying(20),
      "phone" character varying(20),
      "sealText" character varying(60),
      "address" character varying(100),
      "active" boolean NOT NULL DEFAULT true,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL DEFAULT 1,
      CONSTRAINT "CHK_offices_tree" CHECK (("kind" = 'city') = ("parentId" IS NULL)),
      CONSTRAINT "CHK_offices_county_prefix" CHECK ("kind" <> 'county' OR "documentPrefix" IS NOT NULL)
    )`);
    await run(`CREATE UNIQUE INDEX "UQ_offices_name" ON "offices" ("parentId", "name")`);
    await run(`CREATE UNIQUE INDEX "UQ_offices_prefix" ON "offices" ("documentPrefix") WHERE "kind" = 'county'`);
    // Kinds nest one way: city > county > station.
    await run(`CREATE FUNCTION offices_nesting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent_kind text;
BEGIN
  IF NEW."parentId" IS NOT NULL THEN
    SELECT kind INTO parent_kind FROM offices WHERE id = NEW."parentId";
    IF (NEW.kind = 'county' AND parent_kind IS DISTINCT FROM 'city')
       OR (NEW.kind = 'station' AND parent_kind IS DISTINCT FROM 'county') THEN
      RAISE EXCEPTION 'a % cannot belong to a %', NEW.kind, parent_kind USING ERRCODE = '23514';
    END IF;
  END IF;
  RETURN NEW;
END $$`);
    await run(
      `CREATE TRIGGER offices_nesting BEFORE INSERT OR UPDATE OF "parentId", kind ON "offices" FOR EACH ROW EXECUTE FUNCTION offices_nesting()`,
    );
    const [{ id: cityId }] = await run(`INSERT INTO offices (kind, name) VALUES ('city', $1) RETURNING id`, [
      process.env.CITY_NAME || '本市',
    ]);
    const [{ id: countyId }] = await run(
      `INSERT INTO offices ("parentId", kind, name, "documentPrefix", phone, "sealText") VALUES ($1, 'county', $2, $3, $4, $2) RETURNING id`,
      [
        cityId,
        process.env.BUREAU_NAME || '示范县劳动就业服务局',
        process.env.DOCUMENT_PREFIX || '示劳输',
        process.env.BUREAU_PHONE || '0458-5612345',
      ],
    );

    // ---- the acting user's reach, as the app's client sets it ----
    await run(`CREATE FUNCTION app_sees_county(county integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE coalesce(current_setting('app.counties', true), '')
    WHEN '*' THEN true
    WHEN '' THEN false
    ELSE county = ANY (string_to_array(current_setting('app.counties', true), ',')::integer[])
  END $$`);
    for (const s of ['station', 'county', 'office'])
      await run(
        `CREATE FUNCTION app_${s}() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.${s}', true), '')::integer $$`,
      );

    // ---- users and townships ----
    await run(`ALTER TABLE "users" ADD "officeId" integer REFERENCES "offices"("id") ON DELETE RESTRICT`);
    await run(`UPDATE "users" SET "officeId" = $1`, [countyId]);
    await run(`ALTER TABLE "users" ALTER COLUMN "officeId" SET NOT NULL`);

    await run(`ALTER TABLE "workers" DROP CONSTRAINT "FK_02e7641f92ba1ff16096437ebb6"`);
    await run(`ALTER TABLE "households" DROP CONSTRAINT "FK_households_township"`);
    await run(`ALTER TABLE "townships" ADD "countyId" integer REFERENCES "offices"("id") ON DELETE RESTRICT`);
    await run(`ALTER TABLE "townships" ADD "stationId" integer REFERENCES "offices"("id") ON DELETE SET NULL`);
    await run(`UPDATE "townships" SET "countyId" = $1`, [countyId]);
    await run(`ALTER TABLE "townships" ALTER COLUMN "countyId" SET NOT NULL`);
    await run(`CREATE INDEX "IDX_townships_station" ON "townships" ("stationId")`);

    // ---- every record's county, and the holder of those a station can hold ----
    for (const t of [...HOLDERS, ...COUNTY_WIDE, ...DERIVED.map(([t]) => t), 'tasks', 'documents']) {
      await run(`ALTER TABLE ${q(t)} ADD "countyId" integer REFERENCES "offices"("id") ON DELETE RESTRICT`);
      await run(`UPDATE ${q(t)} SET "countyId" = $1`, [countyId]);
      await run(`ALTER TABLE ${q(t)} ALTER COLUMN "countyId" SET NOT NULL`);
      await run(`CREATE INDEX ${q(`IDX_${t}_county`)} ON ${q(t)} ("countyId")`);
    }
    for (const t of HOLDERS) {
      await run(`ALTER TABLE ${q(t)} ADD "officeId" integer REFERENCES "offices"("id") ON DELETE RESTRICT`);
      await run(`UPDATE ${q(t)} SET "officeId" = $1`, [countyId]);
      await run(`ALTER TABLE ${q(t)} ALTER COLUMN "officeId" SET NOT NULL`);
      await run(`CREATE INDEX ${q(`IDX_${t}_office`)} ON ${q(t)} ("officeId")`);
    }
    await run(`ALTER TABLE "audit_log" ADD "countyId" integer REFERENCES "offices"("id") ON DELETE RESTRICT`);
    // The trail refuses every UPDATE; filing its existing lines under the county is the one done here, by the owner.
    await run(`ALTER TABLE "audit_log" DISABLE TRIGGER audit_log_no_update_delete`);
    await run(`UPDATE "audit_log" SET "countyId" = $1`, [countyId]);
    await run(`ALTER TABLE "audit_log" ENABLE TRIGGER audit_log_no_update_delete`);
    await run(`CREATE INDEX "IDX_audit_log_county" ON "audit_log" ("countyId", "id")`);

    for (const [t, cols] of PER_COUNTY_UNIQUE) {
      const [{ name }] = await run(
        `SELECT c.conname AS name FROM pg_constraint c
          WHERE c.conrelid = $1::regclass AND c.contype = 'u'
            AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k) = $2::text[]`,
        [t, [...cols].sort()],
      );
      await run(`ALTER TABLE ${q(t)} DROP CONSTRAINT ${q(name)}`);
      await run(
        `ALTER TABLE ${q(t)} ADD CONSTRAINT ${q(`UQ_${t}_county_${cols.join('_')}`)} UNIQUE ("countyId", ${cols.map(q).join(', ')})`,
      );
    }
    await run(
      `ALTER TABLE "workers" ADD CONSTRAINT "FK_workers_township" FOREIGN KEY ("countyId", "township") REFERENCES "townships"("countyId", "name") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );
    await run(
      `ALTER TABLE "households" ADD CONSTRAINT "FK_households_township" FOREIGN KEY ("countyId", "township") REFERENCES "townships"("countyId", "name") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );

    // Numbers run per county, per series, per year.
    await run(`ALTER TABLE "number_counters" ADD "countyId" integer NOT NULL DEFAULT ${Number(countyId)}`);
    await run(`ALTER TABLE "number_counters" ALTER COLUMN "countyId" DROP DEFAULT`);
    const [{ pk }] = await run(
      `SELECT conname AS pk FROM pg_constraint WHERE conrelid = 'number_counters'::regclass AND contype = 'p'`,
    );
    await run(`ALTER TABLE "number_counters" DROP CONSTRAINT ${q(pk)}`);
    await run(`ALTER TABLE "number_counters" ADD PRIMARY KEY ("countyId", "series", "year")`);

    // A county's own policy values; none (NULL) is the installation's, every county's default.
    await run(`ALTER TABLE "policy_values" ADD "countyId" integer REFERENCES "offices"("id") ON DELETE RESTRICT`);
    await run(`ALTER TABLE "policy_values" DROP CONSTRAINT "UQ_af6e17c6e8dec452a0ffd518422"`);
    await run(
      `ALTER TABLE "policy_values" ADD CONSTRAINT "UQ_policy_values_county_key_date" UNIQUE NULLS NOT DISTINCT ("countyId", "key", "effectiveFrom")`,
    );
    // A county's own yearly target for each township was already per township; nothing to move.

    // ---- a new record's county and holder ----
    await run(`CREATE FUNCTION scope_own_county() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."countyId" := coalesce(NEW."countyId", app_county());
  IF NEW."countyId" IS NULL THEN
    RAISE EXCEPTION 'a new row of % needs its county', TG_TABLE_NAME USING ERRCODE = '23502';
  END IF;
  IF TG_TABLE_NAME IN ('ledger_imports', 'ledger_reconciliations') THEN
    NEW."officeId" := coalesce(NEW."officeId", app_office(), NEW."countyId");
  END IF;
  RETURN NEW;
END $$`);
    await run(`CREATE FUNCTION scope_from_township() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW."countyId" := coalesce(NEW."countyId", app_county());
    IF NEW."countyId" IS NULL THEN
      RAISE EXCEPTION 'a new row of % needs its county', TG_TABLE_NAME USING ERRCODE = '23502';
    END IF;
    NEW."officeId" := coalesce(NEW."officeId",
      (SELECT "stationId" FROM townships WHERE "countyId" = NEW."countyId" AND name = NEW.township), NEW."countyId");
  ELSIF NEW.township IS DISTINCT FROM OLD.township AND NEW."officeId" = OLD."officeId"
        AND OLD."officeId" <> OLD."countyId" THEN
    -- Held by the station of its old township: it follows its township to the new one's.
    NEW."officeId" := coalesce(
      (SELECT "stationId" FROM townships WHERE "countyId" = NEW."countyId" AND name = NEW.township), NEW."countyId");
  END IF;
  RETURN NEW;
END $$`);
    await run(`CREATE FUNCTION scope_of_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."workerId" IS NOT NULL THEN
    SELECT coalesce(NEW."countyId", w."countyId"), coalesce(NEW."officeId", w."officeId")
      INTO NEW."countyId", NEW."officeId" FROM workers w WHERE w.id = NEW."workerId";
  END IF;
  NEW."countyId" := coalesce(NEW."countyId", app_county());
  IF NEW."countyId" IS NULL THEN
    RAISE EXCEPTION 'a new case needs its county' USING ERRCODE = '23502';
  END IF;
  NEW."officeId" := coalesce(NEW."officeId", app_office(), NEW."countyId");
  IF NOT EXISTS (SELECT 1 FROM offices o WHERE o.id = NEW."officeId" AND (o.id = NEW."countyId" OR o."parentId" = NEW."countyId")) THEN
    NEW."officeId" := NEW."countyId";
  END IF;
  RETURN NEW;
END $$`);
    await run(`CREATE FUNCTION scope_from_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent_id integer; county integer;
BEGIN
  IF NEW."countyId" IS NULL THEN
    parent_id := (to_jsonb(NEW) ->> TG_ARGV[1])::integer;
    IF parent_id IS NOT NULL THEN
      EXECUTE format('SELECT "countyId" FROM %I WHERE id = $1', TG_ARGV[0]) INTO county USING parent_id;
    END IF;
    NEW."countyId" := coalesce(county, app_county());
    IF NEW."countyId" IS NULL THEN
      RAISE EXCEPTION 'a new row of % needs its county', TG_TABLE_NAME USING ERRCODE = '23502';
    END IF;
  END IF;
  RETURN NEW;
END $$`);
    // Tasks and documents are about one record of several kinds.
    await run(`CREATE FUNCTION subject_county(kind text, subject integer) RETURNS integer LANGUAGE sql STABLE AS $$
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
  END $$`);
    await run(`CREATE FUNCTION subject_visible(kind text, subject integer) RETURNS boolean LANGUAGE sql STABLE AS $$
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
    ELSE false
  END $$`);
    await run(`CREATE FUNCTION scope_from_subject() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."countyId" := coalesce(NEW."countyId", subject_county(NEW."subjectType", NEW."subjectId"), app_county());
  IF NEW."countyId" IS NULL THEN
    RAISE EXCEPTION 'a new row of % needs its county', TG_TABLE_NAME USING ERRCODE = '23502';
  END IF;
  RETURN NEW;
END $$`);
    await run(`CREATE FUNCTION audit_county() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."countyId" IS NULL AND NEW."entityId" ~ '^[0-9]{1,9}$' THEN
    NEW."countyId" := CASE NEW.entity
      WHEN 'user' THEN (SELECT CASE o.kind WHEN 'station' THEN o."parentId" ELSE o.id END FROM users u JOIN offices o ON o.id = u."officeId"
                         WHERE u.id = NEW."entityId"::integer AND o.kind <> 'city')
      WHEN 'township' THEN (SELECT "countyId" FROM townships WHERE id = NEW."entityId"::integer)
      WHEN 'employer' THEN (SELECT "countyId" FROM employers WHERE id = NEW."entityId"::integer)
      WHEN 'broker' THEN (SELECT "countyId" FROM brokers WHERE id = NEW."entityId"::integer)
      WHEN 'course' THEN (SELECT "countyId" FROM courses WHERE id = NEW."entityId"::integer)
      WHEN 'document' THEN (SELECT "countyId" FROM documents WHERE id = NEW."entityId"::integer)
      WHEN 'task' THEN (SELECT "countyId" FROM tasks WHERE id = NEW."entityId"::integer)
      ELSE subject_county(NEW.entity, NEW."entityId"::integer)
    END;
  END IF;
  NEW."countyId" := coalesce(NEW."countyId", app_county());
  RETURN NEW;
END $$`);
    await run(
      `CREATE TRIGGER audit_log_county BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_county()`,
    );

    for (const t of ['workers', 'households'])
      await run(
        `CREATE TRIGGER ${t}_scope BEFORE INSERT OR UPDATE OF township ON ${q(t)} FOR EACH ROW EXECUTE FUNCTION scope_from_township()`,
      );
    await run(`CREATE TRIGGER cases_scope BEFORE INSERT ON "cases" FOR EACH ROW EXECUTE FUNCTION scope_of_case()`);
    for (const t of ['ledger_imports', 'ledger_reconciliations', 'townships', ...COUNTY_WIDE])
      await run(`CREATE TRIGGER ${t}_scope BEFORE INSERT ON ${q(t)} FOR EACH ROW EXECUTE FUNCTION scope_own_county()`);
    for (const [t, parent, column] of DERIVED)
      await run(
        `CREATE TRIGGER ${t}_scope BEFORE INSERT ON ${q(t)} FOR EACH ROW EXECUTE FUNCTION scope_from_parent('${parent}', '${column}')`,
      );
    for (const t of ['tasks', 'documents'])
      await run(
        `CREATE TRIGGER ${t}_scope BEFORE INSERT ON ${q(t)} FOR EACH ROW EXECUTE FUNCTION scope_from_subject()`,
      );

    // ---- who sees what ----
    const policy = async (t: string, rule: string) => {
      await run(`ALTER TABLE ${q(t)} ENABLE ROW LEVEL SECURITY`);
      await run(`CREATE POLICY scope ON ${q(t)} USING (${rule}) WITH CHECK (${rule})`);
    };
    const inCounty = `app_sees_county("countyId")`;
    for (const t of HOLDERS) await policy(t, `${inCounty} AND (app_station() IS NULL OR "officeId" = app_station())`);
    for (const t of COUNTY_WIDE) await policy(t, inCounty);
    await policy('townships', `${inCounty} AND (app_station() IS NULL OR "stationId" = app_station())`);
    for (const [t, parent, column] of DERIVED)
      await policy(
        t,
        `${inCounty} AND (app_station() IS NULL OR EXISTS (SELECT 1 FROM ${q(parent)} p WHERE p.id = ${q(t)}.${q(column)}))`,
      );
    for (const t of ['tasks', 'documents'])
      await policy(t, `${inCounty} AND (app_station() IS NULL OR subject_visible("subjectType", "subjectId"))`);
    for (const [t, parent, column] of CHILDREN)
      await policy(t, `EXISTS (SELECT 1 FROM ${q(parent)} p WHERE p.id = ${q(t)}.${q(column)})`);
    // The trail is the county's (and the city's): a station reads none of it.
    await run(`ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY`);
    await run(
      `CREATE POLICY scope_read ON "audit_log" FOR SELECT USING (("countyId" IS NULL OR app_sees_county("countyId")) AND app_station() IS NULL)`,
    );
    await run(`CREATE POLICY scope_write ON "audit_log" FOR INSERT WITH CHECK (true)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    const all = [
      ...HOLDERS,
      ...COUNTY_WIDE,
      'townships',
      ...DERIVED.map(([t]) => t),
      'tasks',
      'documents',
      ...CHILDREN.map(([t]) => t),
    ];
    for (const t of all) {
      await run(`DROP POLICY scope ON ${q(t)}`);
      await run(`ALTER TABLE ${q(t)} DISABLE ROW LEVEL SECURITY`);
    }
    await run(`DROP POLICY scope_read ON "audit_log"`);
    await run(`DROP POLICY scope_write ON "audit_log"`);
    await run(`ALTER TABLE "audit_log" DISABLE ROW LEVEL SECURITY`);
    await run(`DROP TRIGGER audit_log_county ON "audit_log"`);
    for (const t of ['workers', 'households', 'cases', 'ledger_imports', 'ledger_reconciliations', 'townships'])
      await run(`DROP TRIGGER ${t}_scope ON ${q(t)}`);
    for (const t of [...COUNTY_WIDE, ...DERIVED.map(([t]) => t), 'tasks', 'documents'])
      await run(`DROP TRIGGER ${t}_scope ON ${q(t)}`);
    for (const f of [
      'audit_county()',
      'scope_from_subject()',
      'subject_visible(text, integer)',
      'subject_county(text, integer)',
      'scope_from_parent()',
      'scope_of_case()',
      'scope_from_township()',
      'scope_own_county()',
    ])
      await run(`DROP FUNCTION ${f}`);

    await run(`ALTER TABLE "policy_values" DROP CONSTRAINT "UQ_policy_values_county_key_date"`);
    await run(`DELETE FROM "policy_values" WHERE "countyId" IS NOT NULL`);
    await run(`ALTER TABLE "policy_values" DROP COLUMN "countyId"`);
    await run(
      `ALTER TABLE "policy_values" ADD CONSTRAINT "UQ_af6e17c6e8dec452a0ffd518422" UNIQUE ("key", "effectiveFrom")`,
    );
    await run(`ALTER TABLE "number_counters" DROP CONSTRAINT "number_counters_pkey"`);
    await run(`ALTER TABLE "number_counters" DROP COLUMN "countyId"`);
    await run(`ALTER TABLE "number_counters" ADD PRIMARY KEY ("series", "year")`);

    await run(`ALTER TABLE "workers" DROP CONSTRAINT "FK_workers_township"`);
    await run(`ALTER TABLE "households" DROP CONSTRAINT "FK_households_township"`);
    for (const [t, cols] of PER_COUNTY_UNIQUE) {
      await run(`ALTER TABLE ${q(t)} DROP CONSTRAINT ${q(`UQ_${t}_county_${cols.join('_')}`)}`);
      await run(`ALTER TABLE ${q(t)} ADD UNIQUE (${cols.map(q).join(', ')})`);
    }
    await run(`ALTER TABLE "audit_log" DROP COLUMN "countyId"`);
    for (const t of HOLDERS) await run(`ALTER TABLE ${q(t)} DROP COLUMN "officeId"`);
    for (const t of [...HOLDERS, ...COUNTY_WIDE, ...DERIVED.map(([t]) => t), 'tasks', 'documents'])
      await run(`ALTER TABLE ${q(t)} DROP COLUMN "countyId"`);
    await run(`ALTER TABLE "townships" DROP COLUMN "stationId"`);
    await run(`ALTER TABLE "townships" DROP COLUMN "countyId"`);
    await run(
      `ALTER TABLE "workers" ADD CONSTRAINT "FK_02e7641f92ba1ff16096437ebb6" FOREIGN KEY ("township") REFERENCES "townships"("name") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );
    await run(
      `ALTER TABLE "households" ADD CONSTRAINT "FK_households_township" FOREIGN KEY ("township") REFERENCES "townships"("name") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );
    await run(`ALTER TABLE "users" DROP COLUMN "officeId"`);
    for (const s of ['station', 'county', 'office']) await run(`DROP FUNCTION app_${s}()`);
    await run(`DROP FUNCTION app_sees_county(integer)`);
    await run(`DROP TABLE "offices"`);
    await run(`DROP FUNCTION offices_nesting()`);
  }
}
