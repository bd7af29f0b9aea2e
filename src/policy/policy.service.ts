import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PolicyErrors } from './policy.errors.js';
import { requestContext } from '../common/request-context.js';
import { PolicyValue } from './policy-value.entity.js';
import { POLICY_KEY_NAMES, POLICY_KEYS, PolicyKey, PolicySnapshot } from './policy-keys.js';

@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The value of every key in force on `date` (YYYY-MM-DD). */
  async inForce(date: string, manager: EntityManager = this.db.manager): Promise<PolicySnapshot> {
    const rows: { key: PolicyKey; value: number }[] = await manager.query(
      `SELECT DISTINCT ON (key) key, value FROM policy_values WHERE "effectiveFrom" <= $1 ORDER BY key, "effectiveFrom" DESC`,
      [date],
    );
    const out = { asOf: date } as PolicySnapshot;
    for (const k of POLICY_KEY_NAMES) out[k] = POLICY_KEYS[k].default;
    for (const r of rows) if (r.key in POLICY_KEYS) out[r.key] = r.value;
    return out;
  }

  async list(): Promise<(PolicyValue & { unit: string })[]> {
    const rows = await this.db.getRepository(PolicyValue).find({ order: { key: 'ASC', effectiveFrom: 'ASC' } });
    return rows.map((r) => ({ ...r, unit: POLICY_KEYS[r.key as PolicyKey]?.unit ?? '' }));
  }

  async add(dto: { key: PolicyKey; value: number; effectiveFrom: string; source: string }): Promise<PolicyValue> {
    return this.db.transaction(async (m) => {
      const exists = await m.findOneBy(PolicyValue, { key: dto.key, effectiveFrom: dto.effectiveFrom });
      if (exists) throw PolicyErrors.DATE_TAKEN({ effectiveFrom: dto.effectiveFrom, existingId: exists.id });
      const createdBy = requestContext.get()?.actor?.username ?? 'system';
      const saved = await m.save(PolicyValue, m.create(PolicyValue, { ...dto, createdBy }));
      await this.audit.record({ entity: 'policy_value', entityId: saved.id, action: 'create', after: saved }, m);
      return saved;
    });
  }
}
