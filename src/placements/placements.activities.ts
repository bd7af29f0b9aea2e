import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { WORKFLOW_ACTOR } from '../common/request-context.js';
import { UserDirectory } from '../auth/user-directory.js';
import { RightsCase } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { placementExposure } from '../cases/exposure.js';
import { addDays, shanghaiToday } from '../common/dates.js';
import { DomainEventBus } from '../common/events.js';
import { returnedRows } from '../common/sql.js';
import { DocumentsService } from '../documents/documents.service.js';
import { HouseholdStatusService } from '../households/household-status.service.js';
import { maskCitizenId } from '../identity/index.js';
import { Activities } from '../temporal/activities.decorator.js';
import { Enrollment } from '../registry/training.entity.js';
import { missingRecord } from '../tasks/missing-record.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Processes, referralPayout, trainingSubsidy } from '../temporal/processes.js';
import { contractSignedSignal, placementContractedSignal, placementEndedSignal } from '../../workflows/definitions.js';
import { Placement } from './placement.entity.js';

/**
 * The contract-deadline process's side effects. Each is idempotent by a business key
 * (document and task keys, the case's source key, status guards), so a retry after a
 * crash changes nothing twice. They are the only writers of a placement's status.
 */
@Injectable()
@Activities()
export class PlacementActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly processes: Processes,
    private readonly cases: CasesService,
    private readonly householdStatus: HouseholdStatusService,
    private readonly users: UserDirectory,
    private readonly tasks: TasksService,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Tells the processes that wait for this placement's contract: the broker's referral
   * payout, and the training subsidies of the worker's enrolments. Signals are idempotent
   * for their receivers (they keep the first), so a retry is harmless; a process that has
   * finished is not told, and a failure to tell one is retried.
   */
  async announceContract(input: { placementId: number; signedOn: string }): Promise<void> {
    const p = await this.db.getRepository(Placement).findOneBy({ id: input.placementId });
    if (!p) return;
    if (p.brokerId !== null)
      await this.processes.signal(referralPayout(p.id), contractSignedSignal, { signedOn: input.signedOn });
    const open = await this.db.getRepository(Enrollment).find({
      where: [
        { workerId: p.workerId, subsidyStatus: 'waiting_completion' },
        { workerId: p.workerId, subsidyStatus: 'awaiting_placement' },
      ],
    });
    for (const e of open) {
      await this.processes.signal(trainingSubsidy(e.id), placementContractedSignal, {
        placementId: p.id,
        employerId: p.employerId,
        startDate: p.startDate,
      });
    }
    // A member of a zero-employment household in work with a contract clears it (idempotent).
    await this.householdStatus.reassessWorker(p.workerId, {
      text: `成员就业：输出登记 #${p.id}，${input.signedOn} 签订劳动合同`,
      placementId: p.id,
    });
  }

  async announcePlacementEnded(input: { placementId: number; endDate: string }): Promise<void> {
    const p = await this.db.getRepository(Placement).findOneBy({ id: input.placementId });
    if (p?.brokerId != null)
      await this.processes.signal(referralPayout(p.id), placementEndedSignal, { endDate: input.endDate });
    if (p)
      await this.householdStatus.reassessWorker(p.workerId, {
        text: `成员离职：输出登记 #${p.id} 于 ${input.endDate} 终止`,
      });
  }

  async #load(m: EntityManager, placementId: number): Promise<Placement> {
    const p = await m.findOne(Placement, { where: { id: placementId }, relations: { worker: true, employer: true } });
    // Retryable: not expected (a process starts once its placement is committed), so wait rather than fail.
    if (!p)
      throw await missingRecord(this.tasks, this.db, {
        type: 'PLACEMENT_NOT_FOUND',
        message: `placement ${placementId} not found (yet)`,
        subject: { type: 'placement', id: placementId },
      });
    return p;
  }

  /**
   * What both letters to the employer say about the placement (the ID number masked); the
   * contact is the caseworker who registered it, by name and office phone (the bureau's if none).
   */
  async #letterData(m: EntityManager, p: Placement) {
    const contact = (await this.users.people([p.registeredBy], [], m)).of(p.registeredBy)!;
    const phone = contact.phone ?? (await this.documents.issuer('placement', p.id, m)).phone;
    return {
      employer: { name: p.employer!.name },
      worker: { name: p.worker!.name, idMasked: maskCitizenId(p.worker!.citizenId) },
      placement: { job: p.job, destination: p.destination, startDate: p.startDate },
      caseworker: { name: contact.name, phone },
    };
  }

  /** 签订劳动合同提醒函 to the employer and a task for the caseworker. */
  async sendContractReminder(input: {
    placementId: number;
    deadline: string;
    daysLeft: number;
    policyDays: number;
  }): Promise<{ documentId: number }> {
    return this.db.transaction(async (m) => {
      const p = await this.#load(m, input.placementId);
      const doc = await this.documents.render(
        {
          type: 'contract_reminder',
          businessKey: `placement-${p.id}-contract-reminder`,
          subjectType: 'placement',
          subjectId: p.id,
          data: {
            ...(await this.#letterData(m, p)),
            policyDays: input.policyDays,
            deadline: input.deadline,
            daysLeft: input.daysLeft,
          },
        },
        m,
      );
      const raised = await this.tasks.create(
        {
          kind: 'contract_followup',
          title: `催签劳动合同：${p.worker!.name} @ ${p.employer!.name}，${input.deadline} 前须签订`,
          role: 'caseworker',
          subject: { type: 'placement', id: p.id },
          dueDate: input.deadline,
          key: `placement-${p.id}-contract-reminder`,
          assigneeId: await this.users.idOf(p.registeredBy, m),
          township: p.worker!.township,
        },
        m,
      );
      if (raised)
        await this.audit.record(
          {
            entity: 'placement',
            entityId: p.id,
            action: 'contract_reminder_sent',
            after: { documentId: doc.id, number: doc.number, deadline: input.deadline },
          },
          m,
        );
      return { documentId: doc.id };
    });
  }

  /** Unsigned at the deadline: a no_contract case, status overdue, and a 限期签订劳动合同通知书. */
  async markContractOverdue(input: {
    placementId: number;
    deadline: string;
    rectifyDays: number;
  }): Promise<{ caseId: number; documentId: number }> {
    const p = await this.#load(this.db.manager, input.placementId);
    const today = shanghaiToday();
    const exposure = placementExposure(p, null, today);
    // Its own transaction, its process started after it commits; a retry finds the case by its key.
    const rc = await this.cases.open({
      kind: 'no_contract',
      workerIds: [p.workerId],
      employerId: p.employerId,
      placementId: p.id,
      facts: `用工单位自${p.startDate}用工，至${input.deadline}期限届满仍未签订书面劳动合同；自${exposure.doubleWageFrom}起应按《劳动合同法》第八十二条支付二倍工资。`,
      channel: 'system',
      // The violation is known from the day after the deadline; the limitation runs from it.
      knewOn: addDays(input.deadline, 1),
      sourceKey: `placement-${p.id}-no-contract`,
      openedBy: WORKFLOW_ACTOR.username,
      openedText: `合同签订期限（${input.deadline}）届满未签，系统自动立案`,
    });
    return this.db.transaction(async (m) => {
      const changed = returnedRows(
        await m.query(
          `UPDATE placements SET status = 'overdue', version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'awaiting_contract' RETURNING id`,
          [p.id],
        ),
      );
      if (changed.length) {
        await this.audit.record(
          {
            entity: 'placement',
            entityId: p.id,
            action: 'status_changed',
            before: { status: 'awaiting_contract' },
            after: { status: 'overdue', caseId: rc.id },
          },
          m,
        );
      }
      const doc = await this.documents.render(
        {
          type: 'contract_rectification',
          businessKey: `placement-${p.id}-contract-rectification`,
          subjectType: 'placement',
          subjectId: p.id,
          data: {
            ...(await this.#letterData(m, p)),
            policyDays: Number(p.policy['contract.deadline_days'] ?? 15),
            deadline: input.deadline,
            daysLeft: 0,
            rectifyBy: addDays(today, input.rectifyDays),
            caseNumber: rc.number,
            exposure,
          },
        },
        m,
      );
      return { caseId: rc.id, documentId: doc.id };
    });
  }

  /** The contract is recorded: status contract_signed; a late one is noted on the case. */
  async markContractSigned(input: {
    placementId: number;
    signedOn: string;
    deadline: string;
    caseId: number | null;
  }): Promise<void> {
    await this.db.transaction(async (m) => {
      const p = await this.#load(m, input.placementId);
      const changed = returnedRows<{ id: number; before: string }>(
        await m.query(
          `UPDATE placements p SET status = 'contract_signed', version = p.version + 1, "updatedAt" = now()
           FROM (SELECT id, status AS before FROM placements WHERE id = $1) old
          WHERE p.id = old.id AND p.status IN ('awaiting_contract', 'overdue') RETURNING p.id, old.before`,
          [p.id],
        ),
      );
      if (changed.length) {
        await this.audit.record(
          {
            entity: 'placement',
            entityId: p.id,
            action: 'status_changed',
            before: { status: changed[0].before },
            after: { status: 'contract_signed', signedOn: input.signedOn },
          },
          m,
        );
      }
      await this.tasks.close(
        { subject: { type: 'placement', id: p.id }, kinds: ['contract_followup'] },
        `已于${input.signedOn}签订劳动合同`,
        m,
      );
      const rc = await m.findOneBy(RightsCase, { sourceKey: `placement-${p.id}-no-contract` });
      if (rc) {
        const late = await m.query(
          `INSERT INTO case_events ("caseId", kind, text, "sourceKey", by) VALUES ($1, 'late_contract', $2, $3, 'system:workflow') ON CONFLICT ("sourceKey") DO NOTHING RETURNING id`,
          [
            rc.id,
            `用工单位已于${input.signedOn}补签书面劳动合同（期限${input.deadline}之后）；二倍工资计至签订前一日。`,
            `placement-${p.id}-late-contract`,
          ],
        );
        if (late.length)
          await this.audit.record(
            { entity: 'case', entityId: rc.id, action: 'late_contract_noted', after: { signedOn: input.signedOn } },
            m,
          );
      }
    });
  }

  /** The employment ended before the process finished. */
  async markPlacementEnded(input: { placementId: number; endDate: string; reason: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const p = await this.#load(m, input.placementId);
      if (p.status === 'ended') return;
      await m.query(
        `UPDATE placements SET status = 'ended', "endDate" = $2, "endReason" = $3, version = version + 1, "updatedAt" = now() WHERE id = $1`,
        [p.id, input.endDate, input.reason],
      );
      await this.audit.record(
        {
          entity: 'placement',
          entityId: p.id,
          action: 'status_changed',
          before: { status: p.status },
          after: { status: 'ended', endDate: input.endDate, reason: input.reason },
        },
        m,
      );
      await this.tasks.close({ subject: { type: 'placement', id: p.id } }, `就业已于${input.endDate}终止`, m);
      // The contexts built on the placement hear of its end as they do on the signed path (the follow-up plan).
      await this.events.emit('placement.ended', { placement: p, endDate: input.endDate }, m);
    });
  }
}
