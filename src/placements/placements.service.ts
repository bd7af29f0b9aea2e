import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UpdateDefinition } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { CasePlacements } from '../cases/case-placements.js';
import { RightsCase } from '../cases/case.entity.js';
import { placementExposure } from '../cases/exposure.js';
import { DomainEventBus } from '../common/events.js';
import { addDays, daysBetween, shanghaiToday } from '../common/dates.js';
import { type DomainError, refused } from '../common/errors.js';
import { cappedCount, offsetOf, Page } from '../common/paging.js';
import { StatementParams } from '../common/sql.js';
import { cursorPages, type Keyset } from '../common/xlsx-export.js';
import { DocumentsService } from '../documents/documents.service.js';
import { HouseholdStatusService } from '../households/household-status.service.js';
import { policyInForceJson, policySnapshot } from '../policy/policy.service.js';
import type { PolicyKey } from '../policy/policy-keys.js';
import { Broker } from '../registry/broker.entity.js';
import { Employer } from '../registry/employer.entity.js';
import { maskPerson } from '../registry/masking.js';
import { RegistryService } from '../registry/registry.service.js';
import { Worker } from '../registry/worker.entity.js';
import { BrokerErrors, EmployerErrors, WorkerErrors } from '../registry/registry.errors.js';
import { contractDeadline, Processes } from '../temporal/processes.js';
import { ContractRefusals } from '../../workflows/refusals.js';
import { PlacementErrors } from './placements.errors.js';
import {
  contractSignedUpdate,
  ContractDeadlineInput,
  ContractDeadlineState,
  employmentEndedUpdate,
} from '../../workflows/definitions.js';
import { Contract, Placement } from './placement.entity.js';
import type {
  EndPlacementDto,
  EndPreviousPlacementDto,
  PlacementListQuery,
  RecordContractDto,
  RegisterPlacementDto,
} from './placements.dto.js';
import { requireScan } from '../common/upload.js';

/** A row of the 输出登记 spreadsheet (placement-export.ts names its columns). */
export interface PlacementExportRow {
  id: number;
  workerName: string;
  township: string;
  employerName: string;
  job: string;
  startDate: string;
  monthlyWageFen: number;
  destination: string;
  organised: boolean;
  status: string;
  deadline: string;
  endDate: string | null;
  daysLeft: number | null;
}

export interface OpenPlacement {
  id: number;
  startDate: string;
  employer: { id: number; name: string };
}

/** 409 with the open placement, so the caller can end it in the same registration (endPrevious). */
function workerStillEmployed(open: OpenPlacement): DomainError {
  return PlacementErrors.WORKER_EMPLOYED({
    placementId: open.id,
    employer: open.employer.name,
    startDate: open.startDate,
    openPlacement: open,
  });
}

/** The worker's placement that has not ended (`workerId`: its placeholder), as an {@link OpenPlacement}. */
const OPEN_PLACEMENT_OF = (workerId: string) =>
  `SELECT p.id, to_char(p."startDate", 'YYYY-MM-DD') AS "startDate", json_build_object('id', e.id, 'name', e.name) AS employer
     FROM placements p JOIN employers e ON e.id = p."employerId"
    WHERE p."workerId" = ${workerId}::int AND p.status <> 'ended' ORDER BY p."startDate", p.id LIMIT 1`;

/** Staff see every placement; a broker only the ones they referred (others answer 404). */
function visibleTo(actor: Actor, p: { brokerId: number | null }): boolean {
  if (actor.role !== 'broker') return true;
  return actor.brokerId != null && p.brokerId === actor.brokerId;
}

type UploadedScan = { buffer: Buffer; size: number; originalname: string };

@Injectable()
export class PlacementsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly registry: RegistryService,
    private readonly processes: Processes,
    private readonly documents: DocumentsService,
    private readonly householdStatus: HouseholdStatusService,
    private readonly events: DomainEventBus,
    private readonly casePlacements: CasePlacements,
  ) {}

  /**
   * The policy values the placements still awaiting their contract started under (each carries
   * them from its registration, as its contract-deadline process does): per key and value, how
   * many, within the reader's reach.
   */
  async runningPolicyValues(): Promise<{ key: string; value: number; count: number }[]> {
    return this.db.query(
      `SELECT k.key, (p.policy ->> k.key)::int AS value, count(*)::int AS count
         FROM placements p CROSS JOIN LATERAL jsonb_object_keys(p.policy) AS k(key)
        WHERE p.status = 'awaiting_contract' AND k.key <> 'asOf'
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }

  /** Cases ask what they need of a placement through their port (they cannot import placements). */
  onModuleInit(): void {
    this.casePlacements.answerWith(async (id, m) => {
      const p = await m.findOneBy(Placement, { id });
      if (!p) return null;
      const contract = await m.findOneBy(Contract, { placementId: id });
      const { workerId, startDate, monthlyWageFen, endDate } = p;
      return { workerId, startDate, monthlyWageFen, endDate, signedOn: contract?.signedOn ?? null };
    });
  }

  /**
   * Registers a placement and starts its contract-deadline process, in one step: the start is
   * part of the transaction (the outbox), so a registration that fails starts nothing, and the
   * process's id is derived from the placement id, so it can never run twice. `via`: the job
   * order it came through, when a matched proposal started (src/jobs), or the departure batch whose
   * arrival registers it (src/departures), never from the request; `registeredBy`: the caseworker
   * answerable for it when the one confirming is not staff (a broker leading the batch).
   */
  async register(
    dto: RegisterPlacementDto,
    actor: Actor,
    via: { jobOrderId?: number; batchId?: number; registeredBy?: string } = {},
  ): Promise<Placement> {
    const today = shanghaiToday();
    if (dto.startDate > addDays(today, 180)) throw PlacementErrors.START_TOO_LATE();
    if (dto.endPrevious) await this.endPrevious(dto, dto.endPrevious, actor);
    return this.db.transaction(async (m) => {
      // On the transaction's own connection: one checkout per registration, not two.
      // Registrations of one worker queue on the worker's row, so two at once cannot both find
      // no open placement (NO KEY: rows that merely reference the worker are not held up). The
      // same statement reads the policy in force in the worker's county, whether the employer
      // is known and the placement's id (neither depends on the lock; the open placement does,
      // so it is asked after). With the id known, the placement's audit line and its process
      // start go with the placement in one statement.
      const [worker] = (await m.query(
        `SELECT w."countyId", w.categories, w.township, ${policyInForceJson('$2', 'w."countyId"')} AS policy,
                EXISTS (SELECT 1 FROM employers e WHERE e.id = $3) AS "employerKnown",
                nextval('placements_id_seq')::int AS "placementId"
           FROM workers w WHERE w.id = $1 FOR NO KEY UPDATE OF w`,
        [dto.workerId, today, dto.employerId],
      )) as (Pick<Worker, 'countyId' | 'categories' | 'township'> & {
        policy: { key: PolicyKey; value: number }[];
        employerKnown: boolean;
        placementId: number;
      })[];
      if (!worker) throw WorkerErrors.UNKNOWN();
      if (!worker.employerKnown) throw EmployerErrors.UNKNOWN();
      // The placement is the worker's county's: its policy, read with the worker.
      const policy = policySnapshot(today, worker.policy);
      await this.checkBroker(dto, m);
      const deadlineDays = policy['contract.deadline_days'];
      const placement = m.create(Placement, {
        id: worker.placementId,
        workerId: dto.workerId,
        employerId: dto.employerId,
        brokerId: dto.brokerId ?? null,
        startDate: dto.startDate,
        job: dto.job.trim(),
        workerCategories: worker.categories,
        monthlyWageFen: dto.monthlyWageFen,
        destination: dto.destination.trim(),
        organised: dto.organised,
        jobOrderId: via.jobOrderId ?? null,
        batchId: via.batchId ?? null,
        status: 'awaiting_contract',
        deadline: addDays(dto.startDate, deadlineDays),
        policy: {
          asOf: today,
          'contract.deadline_days': deadlineDays,
          'contract.reminder_days_before': policy['contract.reminder_days_before'],
          'contract.rectify_days': policy['contract.rectify_days'],
          ...(dto.brokerId !== undefined
            ? {
                'referral.amount_fen': policy['referral.amount_fen'],
                'referral.min_contract_months': policy['referral.min_contract_months'],
                'referral.repeat_window_months': policy['referral.repeat_window_months'],
                'referral.retention_days': policy['referral.retention_days'],
              }
            : {}),
        },
        registeredBy: via.registeredBy ?? actor.username,
        // As the ORM's save left them: the answer and the audit line name every column.
        endDate: null,
        endReason: null,
        version: 1,
      });
      const input: ContractDeadlineInput = {
        placementId: placement.id,
        startDate: placement.startDate,
        deadlineDays,
        reminderDaysBefore: policy['contract.reminder_days_before'],
        rectifyDays: policy['contract.rectify_days'],
        township: worker.township,
      };
      const params = new StatementParams();
      const add = params.add;
      const start = this.processes.startInStatement(contractDeadline(placement.id), input, add, { from: 'placement' });
      // The open placement is asked in this statement, the first after the lock: its snapshot is
      // taken once the lock is held, so a placement committed meanwhile is seen; when there is
      // one, nothing is written. The audit line keeps the placement as it was written, the
      // times the database gave it included (as JSON would give a Date).
      const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      const [written] = (await m.query(
        `WITH open AS (${OPEN_PLACEMENT_OF(add(dto.workerId))}),
         placement AS (
           INSERT INTO placements (id, "workerId", "employerId", "brokerId", "startDate", job, "workerCategories",
                                   "monthlyWageFen", destination, organised, "jobOrderId", "batchId", status, deadline,
                                   policy, "registeredBy", version)
           SELECT ${[
             add(placement.id) + '::int',
             add(placement.workerId) + '::int',
             add(placement.employerId) + '::int',
             add(placement.brokerId) + '::int',
             add(placement.startDate) + '::date',
             add(placement.job) + '::varchar',
             add(placement.workerCategories) + '::text[]',
             add(placement.monthlyWageFen) + '::int',
             add(placement.destination) + '::varchar',
             add(placement.organised) + '::boolean',
             add(placement.jobOrderId) + '::int',
             add(placement.batchId) + '::int',
             add(placement.status) + '::varchar',
             add(placement.deadline) + '::date',
             add(JSON.stringify(placement.policy)) + '::jsonb',
             add(placement.registeredBy) + '::varchar',
             add(placement.version) + '::int',
           ].join(', ')}
            WHERE NOT EXISTS (SELECT 1 FROM open)
           RETURNING "registeredAt", "updatedAt"),
         audit AS (${this.audit.insertStatement(
           {
             entity: 'placement',
             entityId: placement.id,
             action: 'create',
             after: placement,
             countyId: worker.countyId,
           },
           add,
           {
             from: 'placement',
             after: (json) =>
               `${json} || jsonb_build_object('registeredAt', ${iso('placement."registeredAt"')}, 'updatedAt', ${iso('placement."updatedAt"')})`,
           },
         )}),
         outbox AS (${start.sql})
         SELECT (SELECT row_to_json(open) FROM open) AS open, p."registeredAt", p."updatedAt",
                o.id AS "outboxId", o."createdAt" AS "outboxCreatedAt", o.args AS "outboxArgs"
           FROM (SELECT 1) one LEFT JOIN placement p ON true LEFT JOIN outbox o ON true`,
        params.values,
      )) as {
        open: OpenPlacement | null;
        registeredAt: Date | null;
        updatedAt: Date | null;
        outboxId: string | null;
        outboxCreatedAt: Date;
        outboxArgs: unknown[];
      }[];
      if (written.open) throw workerStillEmployed(written.open);
      placement.registeredAt = written.registeredAt!;
      placement.updatedAt = written.updatedAt!;
      await start.written(m, { id: written.outboxId, createdAt: written.outboxCreatedAt, args: written.outboxArgs });
      // The broker's referral (its 80-yuan process) is the referrals' business: they listen.
      await this.events.emit('placement.registered', { placement, policy }, m);
      return placement;
    });
  }

  /** The employer and broker a registration names exist, and the broker may refer on the start date. */
  private async checkEmployerAndBroker(dto: RegisterPlacementDto, m: EntityManager): Promise<void> {
    if (!(await m.findOneBy(Employer, { id: dto.employerId }))) throw EmployerErrors.UNKNOWN();
    await this.checkBroker(dto, m);
  }

  /** The broker a registration names, if any, exists and may refer on the start date. */
  private async checkBroker(dto: RegisterPlacementDto, m: EntityManager): Promise<void> {
    if (dto.brokerId !== undefined) {
      const broker = await m.findOneBy(Broker, { id: dto.brokerId });
      if (!broker) throw BrokerErrors.UNKNOWN();
      const status = await this.registry.brokerStatusOn(broker.id, dto.startDate, m);
      if (broker.status === 'suspended' || status === 'suspended') throw PlacementErrors.BROKER_SUSPENDED();
    }
  }

  /** The worker's placement that has not ended, if any (a worker is employed in one placement at a time). */
  async openPlacementOf(workerId: number, m: EntityManager = this.db.manager): Promise<OpenPlacement | null> {
    const [open]: OpenPlacement[] = await m.query(OPEN_PLACEMENT_OF('$1'), [workerId]);
    return open ?? null;
  }

  /**
   * A registration that ends the worker's open placement: everything is checked first, so a
   * refused registration leaves that placement as it was; then it ends as POST /placements/:id/end would.
   */
  private async endPrevious(dto: RegisterPlacementDto, end: EndPreviousPlacementDto, actor: Actor): Promise<void> {
    if (!(await this.db.getRepository(Worker).existsBy({ id: dto.workerId }))) throw WorkerErrors.UNKNOWN();
    await this.checkEmployerAndBroker(dto, this.db.manager);
    const open = await this.openPlacementOf(dto.workerId);
    if (!open || open.id !== end.placementId)
      throw open
        ? PlacementErrors.NOT_THE_OPEN_PLACEMENT({ placementId: open.id })
        : PlacementErrors.NO_OPEN_PLACEMENT();
    if (end.endDate < open.startDate) throw PlacementErrors.PREVIOUS_END_BEFORE_START({ startDate: open.startDate });
    if (end.endDate > dto.startDate) throw PlacementErrors.PREVIOUS_END_AFTER_NEW_START({ startDate: dto.startDate });
    await this.endEmployment(open.id, { endDate: end.endDate, reason: end.reason }, actor);
  }

  async list(
    q: PlacementListQuery,
    actor: Actor,
    keyset?: Keyset,
  ): Promise<Page<Placement & { workerName: string; employerName: string }>> {
    const qb = this.filtered(q, actor).addSelect(['w.name', 'w.township', 'e.name']);
    let rows: Placement[];
    let total = -1;
    let totalCapped = false;
    if (keyset) {
      // Export: the same filters, paged by id (see common/xlsx-export.ts); many-to-one joins, so LIMIT is safe.
      rows = await qb
        .andWhere('p.id > :afterId', { afterId: keyset.afterId })
        .orderBy('p.id', 'ASC')
        .limit(keyset.limit)
        .getMany();
    } else {
      // OFFSET/LIMIT, not skip/take: the joins are many-to-one, so a row is one placement, and
      // skip/take would first sort every matching row joined (DISTINCT) to pick the page's ids.
      qb.orderBy(`p.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC')
        .addOrderBy('p.id', 'ASC')
        .offset(offsetOf(q))
        .limit(q.pageSize);
      [rows, { total, totalCapped }] = await Promise.all([qb.getMany(), cappedCount(qb)]);
    }
    const today = shanghaiToday();
    const items = rows.map(({ worker, employer, ...p }) => ({
      ...p,
      workerName: worker!.name,
      township: worker!.township,
      employerName: employer!.name,
      daysLeft: p.status === 'awaiting_contract' ? daysBetween(today, p.deadline) : null,
      daysOverdue: daysOverdue(p, today),
    }));
    return { items: items as never, total, totalCapped, page: q.page, pageSize: q.pageSize };
  }

  /**
   * The list's rows for the spreadsheet, by id, read through one cursor (see cursorPages): the
   * same filters and reach as the list, only the columns the sheet shows, no entities built.
   */
  exportRows(q: PlacementListQuery, actor: Actor): AsyncIterable<PlacementExportRow[]> {
    const [sql, params] = this.filtered(q, actor)
      .select([
        'p.id AS id',
        'w.name AS "workerName"',
        'w.township AS township',
        'e.name AS "employerName"',
        'p.job AS job',
        'p."startDate" AS "startDate"',
        'p."monthlyWageFen" AS "monthlyWageFen"',
        'p.destination AS destination',
        'p.organised AS organised',
        'p.status AS status',
        'p.deadline AS deadline',
        'p."endDate" AS "endDate"',
      ])
      .orderBy('p.id', 'ASC')
      .getQueryAndParameters();
    const today = shanghaiToday();
    // The driver's row gets its one more field in place: a copy of each of 100,000 rows was a
    // measurable part of an export.
    return cursorPages(this.db, sql, params, (r: PlacementExportRow) => {
      r.daysLeft = r.status === 'awaiting_contract' ? daysBetween(today, r.deadline) : null;
      return r;
    });
  }

  /** The list's filters (and a broker's own placements only), joined to the worker and employer. */
  private filtered(q: PlacementListQuery, actor: Actor) {
    const qb = this.db
      .getRepository(Placement)
      .createQueryBuilder('p')
      .innerJoin('p.worker', 'w')
      .innerJoin('p.employer', 'e');
    if (actor.role === 'broker') qb.andWhere('p.brokerId = :own', { own: actor.brokerId ?? -1 });
    if (q.status === 'unsigned') qb.andWhere(`p.status IN ('awaiting_contract', 'overdue')`);
    else if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.township) qb.andWhere('w.township = :township', { township: q.township });
    if (q.employerId) qb.andWhere('p.employerId = :employerId', { employerId: q.employerId });
    if (q.brokerId) qb.andWhere('p.brokerId = :brokerId', { brokerId: q.brokerId });
    if (q.q) qb.andWhere('(w.name ILIKE :t OR e.name ILIKE :t OR p.job ILIKE :t)', { t: `%${q.q.trim()}%` });
    return qb;
  }

  /** One placement with its contract, the live process state read from the workflow, its documents and case. */
  async get(id: number, actor: Actor) {
    // One statement: findOne with relations first picks the id (DISTINCT … LIMIT 1), then joins.
    const p = await this.db
      .getRepository(Placement)
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.worker', 'worker')
      .leftJoinAndSelect('p.employer', 'employer')
      .leftJoinAndSelect('p.broker', 'broker')
      .where('p.id = :id', { id })
      .getOne();
    // A broker asking for another broker's placement gets 404, so ids cannot be probed.
    if (!p || !visibleTo(actor, p)) throw PlacementErrors.NOT_FOUND();
    const contract = await this.db.getRepository(Contract).findOneBy({ placementId: id });
    const today = shanghaiToday();
    let process: (ContractDeadlineState & { daysLeft: number | null; nextReminder: string | null }) | null = null;
    let processError: string | undefined;
    const read = await this.processes.read(contractDeadline(id));
    if (read.state) {
      const state = read.state;
      process = {
        ...state,
        daysLeft: state.stage === 'awaiting_contract' ? daysBetween(today, state.deadline) : null,
        nextReminder: state.stage === 'awaiting_contract' && !state.reminderSentAt ? state.reminderAt : null,
      };
    } else {
      processError =
        read.error === 'not_running'
          ? 'no contract process found for this placement'
          : 'the process state could not be read: the process engine did not answer';
    }
    const rc = await this.db.getRepository(RightsCase).findOneBy({ sourceKey: `placement-${id}-no-contract` });
    const { worker, employer, broker, ...rest } = p;
    const w = maskPerson(worker!);
    return {
      ...rest,
      worker: { id: w.id, name: w.name, citizenId: w.citizenId, township: w.township, categories: w.categories },
      daysOverdue: daysOverdue(p, today),
      employer: {
        id: employer!.id,
        name: employer!.name,
        creditCode: employer!.creditCode,
        contactName: employer!.contactName,
        contactPhone: employer!.contactPhone,
      },
      broker: broker ? { id: broker.id, name: broker.name, status: broker.status } : null,
      contract: contract ?? null,
      process,
      ...(processError ? { processError } : {}),
      documents: actor.role === 'broker' ? [] : await this.documents.listFor('placement', id),
      case: rc
        ? {
            id: rc.id,
            number: rc.number,
            kind: rc.kind,
            status: rc.status,
            openedAt: rc.openedAt,
            exposure: placementExposure(p, contract?.signedOn ?? null, today),
          }
        : null,
    };
  }

  /**
   * Records the signed contract and ends the wait. The contract row and the workflow update
   * commit together: if the process refuses (already signed, ended), nothing is written.
   */
  async recordContract(
    id: number,
    dto: RecordContractDto,
    file: UploadedScan | undefined,
    actor: Actor,
  ): Promise<unknown> {
    if ((dto.termMonths === undefined) === (dto.openEnded !== true)) {
      throw PlacementErrors.CONTRACT_TERM();
    }
    const mime = requireScan(file);
    const p = await this.db.getRepository(Placement).findOneBy({ id });
    if (!p) throw PlacementErrors.NOT_FOUND();
    if (dto.signedOn < p.startDate) throw refused(ContractRefusals.SIGNED_BEFORE_START({ startDate: p.startDate }));
    if (p.status === 'ended') throw refused(ContractRefusals.ENDED());
    if (p.status === 'contract_signed') throw refused(ContractRefusals.CONTRACT_EXISTS());
    try {
      await this.db.transaction(async (m) => {
        const contract = await m.save(
          Contract,
          m.create(Contract, {
            placementId: id,
            signedOn: dto.signedOn,
            termMonths: dto.openEnded ? null : dto.termMonths!,
            openEnded: dto.openEnded === true,
            fileName: file!.originalname.slice(0, 200),
            fileMime: mime,
            fileSize: file!.size,
            fileSha256: createHash('sha256').update(file!.buffer).digest('hex'),
            file: file!.buffer,
            recordedBy: actor.username,
          }),
        );
        const { file: _bytes, ...audited } = contract;
        await this.audit.record({ entity: 'contract', entityId: contract.id, action: 'create', after: audited }, m);
        // The process writes the placement's status (contract_signed) through its activity.
        await this.update(id, contractSignedUpdate, { contractId: contract.id, signedOn: dto.signedOn });
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505')
        throw refused(ContractRefusals.CONTRACT_EXISTS());
      throw e;
    }
    return this.get(id, actor);
  }

  async end(id: number, dto: EndPlacementDto, actor: Actor): Promise<unknown> {
    await this.endEmployment(id, dto, actor);
    return this.get(id, actor);
  }

  /** The one end-of-employment path: by the placement's process while it waits for a contract, directly once signed. */
  private async endEmployment(id: number, dto: EndPlacementDto, actor: Actor): Promise<void> {
    const p = await this.db.getRepository(Placement).findOneBy({ id });
    if (!p) throw PlacementErrors.NOT_FOUND();
    if (dto.endDate < p.startDate) throw refused(ContractRefusals.ENDED_BEFORE_START({ startDate: p.startDate }));
    if (p.status === 'ended') throw refused(ContractRefusals.ALREADY_ENDED());
    if (p.status === 'contract_signed') {
      // The contract process is over; the end is recorded on the placement directly.
      await this.db.transaction(async (m) => {
        const r = await m.query(
          `UPDATE placements SET status = 'ended', "endDate" = $2, "endReason" = $3, version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'contract_signed'`,
          [id, dto.endDate, dto.reason],
        );
        if (!r[1]) throw PlacementErrors.CHANGED();
        await this.audit.record(
          {
            entity: 'placement',
            entityId: id,
            action: 'status_changed',
            before: { status: 'contract_signed' },
            after: { status: 'ended', endDate: dto.endDate, reason: dto.reason },
          },
          m,
        );
        // The member's household may fall back to zero-employment (a new episode and support process):
        // re-derived in this transaction, so the end and the household's status are never out of step.
        await this.householdStatus.reassessWorker(
          p.workerId,
          { text: `成员离职：输出登记 #${id} 于 ${dto.endDate} 终止` },
          actor.username,
          m,
        );
        await this.events.emit('placement.ended', { placement: p, endDate: dto.endDate }, m);
      });
    } else {
      await this.update(id, employmentEndedUpdate, { endDate: dto.endDate, reason: dto.reason });
    }
  }

  /** Sends an update to the placement's process; a refusal by its validator becomes a 409 with the reason. */
  private update<A>(id: number, def: UpdateDefinition<ContractDeadlineState, [A]>, arg: A) {
    return this.processes.update(contractDeadline(id), def, arg, {
      refused: () => PlacementErrors.PROCESS_REFUSED(),
      finished: () => PlacementErrors.PROCESS_FINISHED(),
    });
  }

  async contractFile(id: number, actor: Actor): Promise<{ buffer: Buffer; mime: string; name: string }> {
    const p = await this.db.getRepository(Placement).findOneBy({ id });
    if (!p || !visibleTo(actor, p)) throw PlacementErrors.NOT_FOUND();
    const c = await this.db
      .getRepository(Contract)
      .createQueryBuilder('c')
      .addSelect('c.file')
      .where('c.placementId = :id', { id })
      .getOne();
    if (!c) throw PlacementErrors.NO_CONTRACT_FILE();
    return { buffer: c.file, mime: c.fileMime, name: c.fileName };
  }
}

/** Days past the last day to sign while there is still no contract (the process may not have marked it yet); else null. */
function daysOverdue(p: Pick<Placement, 'status' | 'deadline'>, today: string): number | null {
  if (p.status !== 'awaiting_contract' && p.status !== 'overdue') return null;
  const late = daysBetween(p.deadline, today);
  return late > 0 ? late : null;
}
