import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { shanghaiEndOfDay, shanghaiStartOfDay } from '../common/dates.js';
import { redactPersonalData } from '../common/log-redaction.js';
import { AuditEntry } from './audit-entry.entity.js';
import { Actor, requestContext, WORKFLOW_ACTOR } from '../common/request-context.js';

export interface AuditInput {
  entity: string;
  entityId: string | number;
  action: string;
  before?: object | null;
  after?: object | null;
  /** Defaults to the request's actor, or the workflow actor inside an activity. */
  actor?: Actor;
  /**
   * The record's county when the caller has it at hand ({@link AuditService.recordMany} and
   * {@link AuditService.insertStatement} only):
   * the trail's trigger then does not look it up line by line. Otherwise the trigger finds it.
   */
  countyId?: number;
}

/** Values that must never appear in the trail in clear. */
const SECRET_KEYS = new Set(['passwordHash', 'password', 'tokenHash']);

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Records one change. Pass the transaction's manager so the audit line commits or rolls
   * back with the change it describes.
   */
  async record(input: AuditInput, manager: EntityManager = this.db.manager): Promise<void> {
    const ctx = requestContext.get();
    const actor = input.actor ?? ctx?.actor ?? WORKFLOW_ACTOR;
    // Without RETURNING: the trail is written by everyone but read back only within the reader's
    // reach. A plain statement rather than the query builder: every change writes one, and
    // building it costs more CPU than sending it.
    await manager.query(
      `INSERT INTO audit_log ("actorId", "actorName", "actorRole", entity, "entityId", action, before, after, "requestId")
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
      [
        actor.userId,
        actor.username,
        actor.role,
        input.entity,
        String(input.entityId),
        input.action,
        jsonOrNull(clean(input.before)),
        jsonOrNull(clean(input.after)),
        ctx?.requestId ?? null,
      ],
    );
  }

  /**
   * The INSERT of one audit line, for a caller that writes it in its own statement beside the
   * change (a CTE: one round trip for both); the same masking and actor rules as {@link record}.
   * `from` names the CTE it selects from (a line per row there); `after` wraps the JSON of
   * `input.after` in an expression adding what only the statement knows (a generated column);
   * `entityId` and `countyId`, SQL expressions, stand for the input's when only the statement
   * knows them (a row it writes, which the trail's trigger would not see yet).
   */
  insertStatement(
    input: AuditInput,
    add: (value: unknown) => string,
    options: { from?: string; after?: (json: string) => string; entityId?: string; countyId?: string } = {},
  ): string {
    const ctx = requestContext.get();
    const actor = input.actor ?? ctx?.actor ?? WORKFLOW_ACTOR;
    const after = `${add(jsonOrNull(clean(input.after)))}::jsonb`;
    return `INSERT INTO audit_log ("actorId", "actorName", "actorRole", entity, "entityId", action, before, after, "requestId", "countyId")
       SELECT ${add(actor.userId)}::int, ${add(actor.username)}::varchar, ${add(actor.role)}::varchar, ${add(input.entity)}::varchar,
              ${options.entityId ? `(${options.entityId})::varchar` : `${add(String(input.entityId))}::varchar`},
              ${add(input.action)}::varchar, ${add(jsonOrNull(clean(input.before)))}::jsonb,
              ${options.after ? options.after(after) : after}, ${add(ctx?.requestId ?? null)}::varchar,
              ${options.countyId ? `(${options.countyId})::int` : `${add(input.countyId ?? null)}::int`}
       ${options.from ? `FROM ${options.from}` : ''}`;
  }

  /** Many changes in one statement (bulk imports); same masking and actor rules as {@link record}. */
  async recordMany(inputs: AuditInput[], manager: EntityManager = this.db.manager): Promise<void> {
    if (!inputs.length) return;
    const ctx = requestContext.get();
    const rows = inputs.map((input) => {
      const actor = input.actor ?? ctx?.actor ?? WORKFLOW_ACTOR;
      return {
        actorId: actor.userId,
        actorName: actor.username,
        actorRole: actor.role,
        entity: input.entity,
        entityId: String(input.entityId),
        action: input.action,
        before: clean(input.before) as object,
        after: clean(input.after) as object,
        requestId: ctx?.requestId ?? null,
        countyId: input.countyId ?? null,
      };
    });
    // One statement per 1,000 lines with the rows as one JSON parameter: far fewer objects than an ORM insert.
    for (let i = 0; i < rows.length; i += 1000) {
      await manager.query(
        `INSERT INTO audit_log ("actorId", "actorName", "actorRole", entity, "entityId", action, before, after, "requestId", "countyId")
         SELECT x."actorId", x."actorName", x."actorRole", x.entity, x."entityId", x.action, x.before, x.after, x."requestId", x."countyId"
         FROM jsonb_to_recordset($1::jsonb) AS x("actorId" int, "actorName" varchar, "actorRole" varchar, entity varchar, "entityId" varchar, action varchar, before jsonb, after jsonb, "requestId" varchar, "countyId" int)`,
        [JSON.stringify(rows.slice(i, i + 1000))],
      );
    }
  }

  /**
   * Newest first, paged by position (id) so a page never counts the trail (millions of lines);
   * each filter has an index ending in id (migration AuditTrailIndexes).
   */
  async list(q: {
    entity?: string;
    id?: string;
    user?: number;
    action?: string;
    from?: string;
    to?: string;
    before?: string;
    limit: number;
    offset?: number;
  }): Promise<{ items: AuditEntry[]; next: string | null }> {
    const qb = this.db
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      // One more than asked tells whether another page follows, without a count.
      .limit(q.limit + 1)
      .offset(q.offset ?? 0);
    if (q.entity) qb.andWhere('a.entity = :entity', { entity: q.entity });
    if (q.id) qb.andWhere('a.entityId = :id', { id: q.id });
    if (q.user) qb.andWhere('a.actorId = :user', { user: q.user });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.from) qb.andWhere('a.at >= :fromAt', { fromAt: new Date(shanghaiStartOfDay(q.from)) });
    if (q.to) qb.andWhere('a.at < :toAt', { toAt: new Date(shanghaiEndOfDay(q.to)) });
    if (q.before) qb.andWhere('a.id < :before', { before: q.before });
    const rows = await qb.getMany();
    const items = rows.slice(0, q.limit);
    return { items, next: rows.length > q.limit ? items[items.length - 1].id : null };
  }
}

const jsonOrNull = (v: Record<string, unknown> | null) => (v === null ? null : JSON.stringify(v));

function clean(v: object | null | undefined): Record<string, unknown> | null {
  if (!v) return null;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (SECRET_KEYS.has(k)) continue;
    // The trail is a log: personal numbers are kept masked, so a change still shows (138****5678 → 139****1234).
    if ((k === 'citizenId' || k === 'phone') && typeof val === 'string') out[k] = masked(val);
    // A bank account keeps its last four digits: enough to see that it changed, not to pay into it.
    else if ((k === 'bankAccount' || k === 'payeeAccount') && typeof val === 'string')
      out[k] = `${'*'.repeat(Math.max(val.length - 4, 4))}${val.slice(-4)}`;
    else out[k] = val instanceof Date ? val.toISOString() : val;
  }
  return out;
}

/** The logs' masking; a value that does not even look like a number of its kind is hidden whole. */
function masked(value: string): string {
  const m = redactPersonalData(value);
  return m === value ? '*'.repeat(value.length) : m;
}
