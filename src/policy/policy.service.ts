import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PolicyErrors } from './policy.errors.js';
import { currentReach, requestContext } from '../common/request-context.js';
import { shanghaiToday } from '../common/dates.js';
import { PolicyValue } from './policy-value.entity.js';
import { POLICY_KEY_NAMES, POLICY_KEYS, PolicyKey, PolicySnapshot } from './policy-keys.js';

/** The values in force on `$1` (a date) in county `$2`: one row per key (key, value). */
const IN_FORCE = `SELECT DISTINCT ON (key) key, value FROM policy_values
  WHERE "effectiveFrom" <= $1 AND ("countyId" IS NULL OR "countyId" = $2)
  ORDER BY key, "countyId" IS NULL, "effectiveFrom" DESC`;

/**
 * The same values as one JSON array ([{key, value}]), for a caller that reads them inside a
 * statement of its own (a registration with the worker it locks): `date` and `county` are SQL
 * expressions of that statement, e.g. a parameter and a column.
 */
export function policyInForceJson(date: string, county: string): string {
  const sql = IN_FORCE.replace(/\$([12])/g, (_, n: string) => (n === '1' ? date : county));
  return `(SELECT coalesce(json_agg(json_build_object('key', p.key, 'value', p.value)), '[]'::json) FROM (${sql}) p)`;
}

/** The snapshot of every key from the rows in force: a key without a row has its default. */
export function policySnapshot(date: string, rows: { key: PolicyKey; value: number }[]): PolicySnapshot {
  const out = { asOf: date } as PolicySnapshot;
  for (const k of POLICY_KEY_NAMES) out[k] = POLICY_KEYS[k].default;
  for (const r of rows) if (r.key in POLICY_KEYS) out[r.key] = r.value;
  return out;
}

export type ListedPolicyValue = PolicyValue & { unit: string; countyName: string | null; createdByName: string | null };

@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * The value of every key in force on `date` (YYYY-MM-DD) in a county: the county's own value
   * where it has one in force, else the installation's default; null: the defaults alone.
   */
  async inForce(
    date: string,
    countyId: number | null,
    manager: EntityManager = this.db.manager,
  ): Promise<PolicySnapshot> {
    const rows: { key: PolicyKey; value: number }[] = await manager.query(IN_FORCE, [date, countyId]);
    return policySnapshot(date, rows);
  }

  /**
   * The county whose policy the current user reads or sets: the one named, if within their
   * reach; else their own (a city user's own is none: the defaults). `field`: the input naming it.
   */
  async countyFor(named: number | undefined, field = 'countyId'): Promise<number | null> {
    const reach = currentReach();
    if (named === undefined) return reach.county;
    if (reach.counties === '*' || reach.counties.includes(named)) {
      const [county] = await this.db.query(`SELECT id FROM offices WHERE id = $1 AND kind = 'county'`, [named]);
      if (county) return named;
      throw PolicyErrors.COUNTY_UNKNOWN().at(field);
    }
    throw (reach.county === null ? PolicyErrors.COUNTY_UNKNOWN() : PolicyErrors.COUNTY_NOT_OWN()).at(field);
  }

  /**
   * The defaults and, for a county, its own values (countyId and countyName name whose;
   * createdByName: who added it, by name, null for the values the system was set up with).
   */
  async list(countyId: number | null): Promise<ListedPolicyValue[]> {
    const rows: (PolicyValue & { countyName: string | null; createdByName: string | null })[] = await this.db.query(
      `SELECT p.*, o.name AS "countyName", u."displayName" AS "createdByName"
         FROM policy_values p LEFT JOIN offices o ON o.id = p."countyId" LEFT JOIN users u ON u.username = p."createdBy"
        WHERE p."countyId" IS NULL OR p."countyId" = $1
        ORDER BY p.key, p."countyId" NULLS FIRST, p."effectiveFrom"`,
      [countyId],
    );
    return rows.map((r) => ({ ...r, unit: POLICY_KEYS[r.key as PolicyKey]?.unit ?? '' }));
  }

  /**
   * Adds a dated value for a county, or (countyId null) the installation's default. Who may set
   * which is the caller's: see {@link countyFor} and the controller.
   */
  async add(dto: {
    key: PolicyKey;
    value: number;
    effectiveFrom: string;
    source: string;
    countyId: number | null;
  }): Promise<PolicyValue> {
    // A value from a past day would rewrite what was in force then; new values start today or later.
    if (dto.effectiveFrom < shanghaiToday()) throw PolicyErrors.PAST_DATE();
    if (POLICY_KEYS[dto.key].unit === 'percent' && dto.value > 100) throw PolicyErrors.PERCENT_RANGE();
    return this.db.transaction(async (m) => {
      const exists = await m.findOneBy(PolicyValue, {
        key: dto.key,
        effectiveFrom: dto.effectiveFrom,
        countyId: dto.countyId ?? IsNull(),
      });
      if (exists) throw PolicyErrors.DATE_TAKEN({ effectiveFrom: dto.effectiveFrom, existingId: exists.id });
      const createdBy = requestContext.get()?.actor?.username ?? 'system';
      const saved = await m.save(PolicyValue, m.create(PolicyValue, { ...dto, createdBy }));
      await this.audit.record({ entity: 'policy_value', entityId: saved.id, action: 'create', after: saved }, m);
      return saved;
    });
  }
}
