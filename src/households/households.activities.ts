import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { shanghaiToday } from '../common/dates.js';
import { DocumentsService } from '../documents/documents.service.js';
import { missingRecord } from '../tasks/missing-record.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import type { ClearingMeasure, ContactRequestAnswer, HouseholdVisitLine } from '../../workflows/definitions.js';
import { ContactRequest, Household, HouseholdEpisode } from './household.entity.js';
import { HouseholdStatusService } from './household-status.service.js';

const SERVICES = ['免费职业技能培训', '免费职业介绍', '公益性岗位安置', '小额担保贷款（自主创业）'];

/**
 * Side effects of the household support and contact-request processes. Each is idempotent
 * by a business key (event/task/visit source keys, the card's document key, status guards).
 */
@Injectable()
@Activities()
export class HouseholdActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly status: HouseholdStatusService,
    private readonly tasks: TasksService,
  ) {}

  async #episode(
    m: EntityManager,
    householdId: number,
    episode: number,
  ): Promise<{ h: Household; ep: HouseholdEpisode }> {
    const h = await m.findOneBy(Household, { id: householdId });
    const ep = await m.findOneBy(HouseholdEpisode, { householdId, episode });
    // Retryable: the transaction that found the household may not have committed yet.
    if (!h || !ep)
      throw await missingRecord(this.tasks, this.db, {
        type: 'HOUSEHOLD_NOT_FOUND',
        message: `household ${householdId} episode ${episode} not found (yet)`,
        subject: { type: 'household', id: householdId },
      });
    return { h, ep };
  }

  async #event(
    m: EntityManager,
    householdId: number,
    episode: number | null,
    kind: string,
    cause: string,
    sourceKey: string,
    by = 'system:workflow',
  ): Promise<boolean> {
    const r = await m.query(
      `INSERT INTO household_events ("householdId", episode, kind, cause, "sourceKey", by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT ("sourceKey") DO NOTHING RETURNING id`,
      [householdId, episode, kind, cause, sourceKey, by],
    );
    return r.length > 0;
  }

  /** A contact-card request's task: under its household's township, in its assignee's queue when a caseworker's. */
  async #requestTask(
    m: EntityManager,
    r: ContactRequest,
    t: {
      kind: 'contact_request_due' | 'contact_request_breach';
      title: string;
      role: 'caseworker' | 'admin';
      dueDate: string;
      key: string;
    },
  ): Promise<boolean> {
    const h = await m.findOneBy(Household, { id: r.householdId });
    return this.tasks.create(
      {
        ...t,
        subject: { type: 'contact_request', id: r.id },
        assigneeId: t.role === 'caseworker' ? r.assigneeId : null,
        township: h?.township ?? null,
      },
      m,
    );
  }

  /** 《"零就业家庭"就业联系卡》: one numbered card per episode. */
  async issueContactCard(input: {
    householdId: number;
    episode: number;
  }): Promise<{ documentId: number; cardNumber: string }> {
    return this.db.transaction(async (m) => {
      const { h, ep } = await this.#episode(m, input.householdId, input.episode);
      const year = ep.foundOn.slice(0, 4);
      const cardNumber = `LXK-${year}-${String(h.id).padStart(5, '0')}-${input.episode}`;
      const members: { name: string; relationship: string }[] = await m.query(
        `SELECT w.name, hm.relationship FROM household_members hm JOIN workers w ON w.id = hm."workerId" WHERE hm."householdId" = $1 ORDER BY (hm.relationship = 'head') DESC, hm.id`,
        [h.id],
      );
      const head = members.find((x) => x.relationship === 'head') ?? members[0];
      const doc = await this.documents.render(
        {
          type: 'employment_contact_card',
          businessKey: `household-${h.id}-episode-${input.episode}-card`,
          subjectType: 'household',
          subjectId: h.id,
          data: {
            household: {
              headName: head?.name ?? '—',
              address: h.address,
              township: h.township,
              memberCount: members.length,
              foundOn: ep.foundOn,
            },
            cardNumber,
            bureauPhone: (await this.documents.issuer('household', h.id, m)).phone,
            services: SERVICES,
            answerDays: 7,
            caseworker: { name: h.responsibleName ?? '就业服务窗口' },
          },
        },
        m,
      );
      const changed = await m.query(
        `UPDATE household_episodes SET "cardNumber" = $3, "cardDocumentId" = $4 WHERE "householdId" = $1 AND episode = $2 AND "cardDocumentId" IS NULL`,
        [h.id, input.episode, cardNumber, doc.id],
      );
      if (changed[1]) {
        await this.#event(
          m,
          h.id,
          input.episode,
          'card_issued',
          `发放就业联系卡 ${cardNumber}（${doc.number}）`,
          `household-${h.id}-episode-${input.episode}-card`,
        );
        await this.audit.record(
          {
            entity: 'household',
            entityId: h.id,
            action: 'contact_card_issued',
            after: { episode: input.episode, cardNumber, documentId: doc.id, number: doc.number },
          },
          m,
        );
      }
      return { documentId: doc.id, cardNumber };
    });
  }

  async scheduleHouseholdVisit(input: { householdId: number; episode: number; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const { ep } = await this.#episode(m, input.householdId, input.episode);
      if (ep.clearedOn) return;
      await m.query(`UPDATE household_episodes SET "nextVisitDue" = $3 WHERE "householdId" = $1 AND episode = $2`, [
        input.householdId,
        input.episode,
        input.dueOn,
      ]);
      await this.#event(
        m,
        input.householdId,
        input.episode,
        'visit_scheduled',
        `下次回访：${input.dueOn} 前`,
        `household-${input.householdId}-episode-${input.episode}-due-${input.dueOn}`,
      );
    });
  }

  /** A task for the responsible caseworker before each follow-up visit. */
  async remindHouseholdVisit(input: { householdId: number; episode: number; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const { h } = await this.#episode(m, input.householdId, input.episode);
      const key = `household-${h.id}-episode-${input.episode}-remind-${input.dueOn}`;
      if (
        await this.tasks.create(
          {
            kind: 'household_visit',
            title: `零就业家庭回访：${h.township} ${h.address}，${input.dueOn} 前${h.responsibleName ? `（责任人 ${h.responsibleName}）` : ''}`,
            role: 'caseworker',
            subject: { type: 'household', id: h.id },
            dueDate: input.dueOn,
            key,
            assigneeId: h.responsibleUserId,
            township: h.township,
          },
          m,
        )
      ) {
        await this.#event(m, h.id, input.episode, 'visit_reminder', `提醒回访：${input.dueOn} 前`, key);
      }
    });
  }

  async flagHouseholdVisitMissed(input: { householdId: number; episode: number; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const { h } = await this.#episode(m, input.householdId, input.episode);
      if (
        await this.#event(
          m,
          h.id,
          input.episode,
          'visit_missed',
          `回访逾期：应于 ${input.dueOn} 前回访`,
          `household-${h.id}-episode-${input.episode}-missed-${input.dueOn}`,
        )
      ) {
        await this.audit.record(
          {
            entity: 'household',
            entityId: h.id,
            action: 'visit_missed',
            after: { episode: input.episode, dueOn: input.dueOn },
          },
          m,
        );
      }
    });
  }

  async recordHouseholdVisit(input: {
    householdId: number;
    episode: number;
    seq: number;
    visit: HouseholdVisitLine;
  }): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.#episode(m, input.householdId, input.episode);
      const key = `household-${input.householdId}-episode-${input.episode}-visit-${input.seq}`;
      const r = await m.query(
        `INSERT INTO household_visits ("householdId", episode, "visitedOn", "visitedBy", offered, note, "sourceKey") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("sourceKey") DO NOTHING RETURNING id`,
        [
          input.householdId,
          input.episode,
          input.visit.visitedOn,
          input.visit.by,
          input.visit.offered,
          input.visit.note,
          key,
        ],
      );
      if (!r.length) return;
      await this.#event(
        m,
        input.householdId,
        input.episode,
        'visit',
        `回访（${input.visit.visitedOn}，${input.visit.by}）${input.visit.offered.length ? `：提供 ${input.visit.offered.join('、')}` : ''}`,
        key,
        input.visit.by,
      );
      await this.tasks.close(
        {
          subject: { type: 'household', id: input.householdId },
          kinds: ['household_visit'],
          dueFrom: input.visit.visitedOn,
        },
        `已于${input.visit.visitedOn}回访`,
        m,
        { userId: null, username: input.visit.by, role: 'caseworker' },
      );
      await this.audit.record(
        {
          entity: 'household',
          entityId: input.householdId,
          action: 'visit',
          after: { episode: input.episode, ...input.visit },
          actor: { userId: null, username: input.visit.by, role: 'caseworker' },
        },
        m,
      );
    });
  }

  /** 清零: the episode ends with the date and the measure that worked. */
  async recordHouseholdCleared(input: {
    householdId: number;
    episode: number;
    clearedOn: string;
    measure: ClearingMeasure | null;
    cause: string;
    placementId: number | null;
  }): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.#episode(m, input.householdId, input.episode);
      await this.status.closeEpisode(m, input);
    });
  }

  // ---- contact-card requests ----

  async #request(m: EntityManager, id: number): Promise<ContactRequest> {
    const r = await m.findOneBy(ContactRequest, { id });
    if (!r)
      throw await missingRecord(this.tasks, this.db, {
        type: 'REQUEST_NOT_FOUND',
        message: `contact request ${id} not found (yet)`,
        subject: { type: 'contact_request', id },
      });
    return r;
  }

  async recordContactRequestAnswer(input: {
    requestId: number;
    answeredOn: string;
    dueOn: string;
    answer: ContactRequestAnswer;
  }): Promise<void> {
    await this.db.transaction(async (m) => {
      const r = await this.#request(m, input.requestId);
      const a = input.answer;
      const res = await m.query(
        `UPDATE contact_requests SET status = 'answered', "answeredOn" = $2, offered = $3, accepted = $4, "answerNote" = $5, "answeredBy" = $6 WHERE id = $1 AND status = 'open'`,
        [r.id, input.answeredOn, a.offered, a.accepted, a.note ?? null, a.by],
      );
      if (!res[1]) return;
      await this.tasks.close(
        { subject: { type: 'contact_request', id: r.id } },
        `已于${input.answeredOn}答复：${a.offered}`,
        m,
        { userId: null, username: a.by, role: 'caseworker' },
      );
      await this.#event(
        m,
        r.householdId,
        null,
        'request_answered',
        `联系卡求助 #${r.id} 已答复（${input.answeredOn}${input.answeredOn > input.dueOn ? '，超期' : ''}）：${a.offered}，${a.accepted ? '已接受' : '未接受'}`,
        `contact-request-${r.id}-answered`,
        a.by,
      );
      await this.audit.record(
        {
          entity: 'contact_request',
          entityId: r.id,
          action: 'answered',
          before: { status: 'open' },
          after: {
            status: 'answered',
            answeredOn: input.answeredOn,
            offered: a.offered,
            accepted: a.accepted,
            caseId: a.caseId ?? null,
            inTime: input.answeredOn <= input.dueOn,
          },
          actor: { userId: null, username: a.by, role: 'caseworker' },
        },
        m,
      );
    });
  }

  async remindContactRequest(input: { requestId: number; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const r = await this.#request(m, input.requestId);
      if (r.status !== 'open') return;
      const key = `contact-request-${r.id}-remind`;
      if (
        await this.#requestTask(m, r, {
          kind: 'contact_request_due',
          title: `联系卡求助 #${r.id}（${r.caller}）须于 ${input.dueOn} 前答复${r.assigneeName ? `（承办人 ${r.assigneeName}）` : ''}`,
          role: 'caseworker',
          dueDate: input.dueOn,
          key,
        })
      ) {
        await m.query(`UPDATE contact_requests SET reminded = true WHERE id = $1`, [r.id]);
        await this.#event(
          m,
          r.householdId,
          null,
          'request_reminder',
          `提醒答复联系卡求助 #${r.id}：${input.dueOn} 前`,
          key,
        );
      }
    });
  }

  /** Day 8 unanswered: flagged, and the section head (admin) is told. */
  async flagContactRequestBreach(input: { requestId: number; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const r = await this.#request(m, input.requestId);
      if (r.status !== 'open') return;
      const key = `contact-request-${r.id}-breach`;
      if (
        !(await this.#requestTask(m, r, {
          kind: 'contact_request_breach',
          title: `联系卡求助 #${r.id}（${r.caller}）超过一周未答复（期限 ${input.dueOn}）`,
          role: 'admin',
          dueDate: shanghaiToday(),
          key,
        }))
      )
        return;
      await m.query(`UPDATE contact_requests SET breached = true WHERE id = $1`, [r.id]);
      await this.#event(
        m,
        r.householdId,
        null,
        'request_breach',
        `联系卡求助 #${r.id} 超期未答复，已报科室负责人`,
        key,
      );
      await this.audit.record(
        { entity: 'contact_request', entityId: r.id, action: 'deadline_breached', after: { dueOn: input.dueOn } },
        m,
      );
    });
  }
}
