import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ClaimsService } from '../claims/claims.service.js';
import {
  earlierReferralClaim,
  lockWorkerForReferral,
  repeatReason,
  repeatWindowOf,
} from '../claims/referral-repeat.js';
import { Contract, Placement } from '../placements/placement.entity.js';
import { Broker } from '../registry/broker.entity.js';
import { RegistryService } from '../registry/registry.service.js';
import { Worker } from '../registry/worker.entity.js';
import { TasksService } from '../tasks/tasks.service.js';
import { shanghaiToday } from '../common/dates.js';
import { Activities } from '../temporal/activities.decorator.js';
import type { ClaimApprovalInput } from '../../workflows/definitions.js';

/** Side effects and checks of the referral payout process. */
@Injectable()
@Activities()
export class ReferralActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly claims: ClaimsService,
    private readonly registry: RegistryService,
    private readonly tasks: TasksService,
  ) {}

  /**
   * The placement or its contract stayed missing past the lookup's bound (workflows/not-found.ts):
   * a task for admin names it by the worker and employer, once per placement, with an audit line.
   */
  async raiseReferralRecordMissing(input: { placementId: number; workerId: number }): Promise<void> {
    await this.db.transaction(async (m) => {
      const p = await m.findOne(Placement, {
        where: { id: input.placementId },
        relations: { worker: true, employer: true, broker: true },
      });
      const worker = p?.worker ?? (await m.findOneBy(Worker, { id: input.workerId }));
      const who = worker?.name ?? '（人员档案缺失）';
      const what = p ? `${who} @ ${p.employer?.name ?? '（用人单位缺失）'}` : who;
      const missing = p ? '劳动合同' : '就业登记';
      const raised = await this.tasks.create(
        {
          kind: 'record_missing',
          title: `介绍就业补贴：${what} 的${missing}长时间查无记录，流程已停止，请核查`,
          body:
            `介绍就业补贴流程等待${missing}超过6小时仍未查到${p?.broker ? `（介绍人 ${p.broker.name}）` : ''}。` +
            `请核实该记录是否被删除或登记有误；更正后请重新发起该人员的介绍就业补贴。`,
          role: 'admin',
          subject: { type: 'placement', id: input.placementId },
          dueDate: shanghaiToday(),
          key: `referral-${input.placementId}-record-missing`,
          township: worker?.township ?? null,
        },
        m,
      );
      if (!raised) return;
      await this.audit.record(
        {
          entity: 'placement',
          entityId: input.placementId,
          action: 'referral_record_missing',
          after: { missing: p ? 'contract' : 'placement' },
        },
        m,
      );
    });
  }

  async contractOf(input: { placementId: number }): Promise<{ signedOn: string } | null> {
    const c = await this.db.getRepository(Contract).findOneBy({ placementId: input.placementId });
    return c ? { signedOn: c.signedOn } : null;
  }

  /**
   * Every reason the referral does not earn the subsidy, judged by the rules in force at
   * registration (passed in) and the facts at the placement date. Empty = eligible.
   */
  async assessReferral(input: {
    placementId: number;
    minContractMonths: number;
    repeatWindowMonths: number;
  }): Promise<string[]> {
    const p = await this.db
      .getRepository(Placement)
      .findOne({ where: { id: input.placementId }, relations: { worker: true, broker: true } });
    if (!p || !p.broker)
      throw ApplicationFailure.retryable(
        `referred placement ${input.placementId} not found (yet)`,
        'PLACEMENT_NOT_FOUND',
      );
    const contract = await this.db.getRepository(Contract).findOneBy({ placementId: p.id });
    // The process is told of the contract by its workflow before the API's transaction has
    // committed the row; retry until it is visible rather than judge without the term.
    if (!contract)
      throw ApplicationFailure.retryable(`the contract of placement ${p.id} is not visible yet`, 'CONTRACT_NOT_FOUND');
    const reasons: string[] = [];
    const categories = (p.workerCategories ?? p.worker!.categories) as string[];
    if (!categories.includes('laid_off')) reasons.push('被介绍人员在就业时不属于下岗失业人员');
    if (!contract.openEnded && (contract.termMonths ?? 0) < input.minContractMonths) {
      reasons.push(`劳动合同期限（${contract.termMonths}个月）不足${input.minContractMonths}个月`);
    }
    if ((await this.registry.brokerStatusOn(p.broker.id, p.startDate)) === 'suspended')
      reasons.push(`就业之日（${p.startDate}）介绍人处于暂停状态`);
    if (p.broker.citizenId === p.worker!.citizenId) reasons.push('介绍人介绍的是本人');
    // Told early here; held at the claim itself (prepareReferralClaim), under the worker's lock.
    const earlier = await earlierReferralClaim(this.db.manager, {
      workerId: p.workerId,
      placementId: p.id,
      startDate: p.startDate,
      windowMonths: input.repeatWindowMonths,
    });
    if (earlier) reasons.push(repeatReason(earlier, p.startDate, input.repeatWindowMonths));
    return reasons;
  }

  async stillEmployed(input: { placementId: number; onDate: string }): Promise<boolean> {
    const p = await this.db.getRepository(Placement).findOneBy({ id: input.placementId });
    return !!p && (p.endDate === null || p.endDate > input.onDate);
  }

  async recordReferralOutcome(input: { placementId: number; stage: string; reasons: string[] }): Promise<void> {
    await this.db.transaction((m) => this.#recordOutcome(m, input));
  }

  async #recordOutcome(m: EntityManager, input: { placementId: number; stage: string; reasons: string[] }) {
    const r: { id: number; stage: string }[] = await m.query(
      `SELECT id, stage FROM referrals WHERE "placementId" = $1 FOR UPDATE`,
      [input.placementId],
    );
    if (!r.length)
      throw ApplicationFailure.retryable(
        `referral of placement ${input.placementId} not found (yet)`,
        'REFERRAL_NOT_FOUND',
      );
    if (r[0].stage === input.stage) return;
    await m.query(
      `UPDATE referrals SET stage = $2, reasons = $3::jsonb, "assessedAt" = now(), "updatedAt" = now() WHERE id = $1`,
      [r[0].id, input.stage, JSON.stringify(input.reasons)],
    );
    await this.audit.record(
      {
        entity: 'referral',
        entityId: r[0].id,
        action: 'stage_changed',
        before: { stage: r[0].stage },
        after: { stage: input.stage, reasons: input.reasons },
      },
      m,
    );
  }

  /**
   * The claim, or the repeat that refuses it: judged and written in one transaction under the
   * worker's lock, so of two referrals of one worker prepared at once only one gets a claim.
   */
  async prepareReferralClaim(input: {
    placementId: number;
    amountFen: number;
  }): Promise<{ claimId: number; approval: ClaimApprovalInput } | { ineligible: string[] }> {
    return this.db.transaction(async (m) => {
      const p = await m.findOneByOrFail(Placement, { id: input.placementId });
      await lockWorkerForReferral(m, p.workerId);
      const windowMonths = repeatWindowOf(p);
      const earlier = await earlierReferralClaim(m, {
        workerId: p.workerId,
        placementId: p.id,
        startDate: p.startDate,
        windowMonths,
      });
      if (earlier) {
        const reasons = [repeatReason(earlier, p.startDate, windowMonths)];
        await this.#recordOutcome(m, { placementId: p.id, stage: 'ineligible', reasons });
        return { ineligible: reasons };
      }
      await this.#recordOutcome(m, { placementId: p.id, stage: 'claimed', reasons: [] });
      const broker = await m.findOneByOrFail(Broker, { id: p.brokerId! });
      return this.claims.prepare(
        {
          kind: 'referral',
          sourceKey: `placement-${p.id}-referral`,
          amountFen: input.amountFen,
          payeeType: 'broker',
          payeeId: broker.id,
          payeeName: broker.name,
          workerId: p.workerId,
          placementId: p.id,
          brokerId: broker.id,
          preparedBy: p.registeredBy,
        },
        m,
      );
    });
  }
}
