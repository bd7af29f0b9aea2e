import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import { ReferralErrors } from '../claims/claims.errors.js';
import { formatYuan, maskCitizenId } from '../identity/index.js';
import type { ReferralListQuery, ReferralPeriodQuery } from './referrals.dto.js';

interface Row {
  id: number;
  placementId: number;
  brokerId: number;
  brokerName: string;
  brokerStatus: string;
  stage: string;
  reasons: string[];
  referredAt: Date;
  assessedAt: Date | null;
  workerId: number;
  workerName: string;
  citizenId: string;
  employerName: string;
  startDate: string;
  placementStatus: string;
  endDate: string | null;
  signedOn: string | null;
  termMonths: number | null;
  openEnded: boolean | null;
  claimId: number | null;
  claimNumber: string | null;
  claimStatus: string | null;
  amountFen: number | null;
  preparedAt: Date | null;
  lastReason: string | null;
  paidOn: string | null;
  payoutAmountFen: number | null;
  reference: string | null;
}

const SELECT = `
  SELECT r.id, r."placementId", r."brokerId", b.name AS "brokerName", b.status AS "brokerStatus", r.stage, r.reasons, r."referredAt", r."assessedAt",
         r."workerId", w.name AS "workerName", w."citizenId", e.name AS "employerName", p."startDate", p.status AS "placementStatus", p."endDate",
         ct."signedOn", ct."termMonths", ct."openEnded",
         c.id AS "claimId", c.number AS "claimNumber", c.status AS "claimStatus", c."amountFen", c."preparedAt", c."lastReason",
         po."paidOn", po."amountFen" AS "payoutAmountFen", po.reference
    FROM referrals r
    JOIN placements p ON p.id = r."placementId"
    JOIN workers w ON w.id = r."workerId"
    JOIN employers e ON e.id = p."employerId"
    JOIN brokers b ON b.id = r."brokerId"
    LEFT JOIN contracts ct ON ct."placementId" = p.id
    LEFT JOIN claims c ON c."sourceKey" = 'placement-' || p.id || '-referral'
    LEFT JOIN payouts po ON po."claimId" = c.id AND po."reversedOn" IS NULL`;

/** Where each referral and its 80-yuan payout stand: for the broker (their own only) and for staff. */
@Injectable()
export class ReferralsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async rows(where: string, params: unknown[], limit = 500, offset = 0): Promise<Row[]> {
    return this.db.query(`${SELECT} WHERE ${where} ORDER BY r.id DESC LIMIT ${limit} OFFSET ${offset}`, params);
  }

  private async decisions(
    claimIds: number[],
  ): Promise<Map<number, { action: string; by: string; reason: string | null; at: Date }[]>> {
    const map = new Map<number, { action: string; by: string; reason: string | null; at: Date }[]>();
    if (!claimIds.length) return map;
    const rows = await this.db.query(
      `SELECT "claimId", action, by, reason, at FROM claim_events WHERE "claimId" = ANY($1) ORDER BY seq`,
      [claimIds],
    );
    for (const r of rows) map.set(r.claimId, [...(map.get(r.claimId) ?? []), r]);
    return map;
  }

  /** One referral as a broker may see it: a timeline of steps with dates and reasons, the worker's ID masked. */
  private view(
    r: Row,
    decisions: { action: string; by: string; reason: string | null; at: Date }[],
    forBroker: boolean,
  ) {
    const timeline: { step: string; at: string | Date | null; detail?: string }[] = [
      { step: 'referred', at: r.referredAt, detail: `${r.workerName} → ${r.employerName}, 上岗 ${r.startDate}` },
    ];
    if (!r.signedOn && r.stage === 'waiting_contract') timeline.push({ step: 'waiting_for_contract', at: null });
    if (r.signedOn)
      timeline.push({
        step: 'contract_signed',
        at: r.signedOn,
        detail: r.openEnded ? '无固定期限' : `${r.termMonths}个月`,
      });
    if (r.stage === 'retention_check') timeline.push({ step: 'retention_check', at: r.assessedAt });
    if (r.stage === 'ineligible' || r.stage === 'ended')
      timeline.push({ step: 'not_eligible', at: r.assessedAt, detail: r.reasons.join('；') });
    if (r.claimId) {
      timeline.push({ step: 'eligible', at: r.assessedAt });
      timeline.push({ step: 'awaiting_approval', at: r.preparedAt, detail: `${r.claimNumber}` });
      for (const d of decisions) {
        const step =
          { approve: 'approved', reject: 'rejected', return: 'returned_for_revision', resubmit: 'resubmitted' }[
            d.action
          ] ?? d.action;
        timeline.push({
          step,
          at: d.at,
          ...(d.reason ? { detail: d.reason } : {}),
          ...(forBroker ? {} : { by: d.by }),
        });
      }
      if (r.paidOn)
        timeline.push({
          step: 'paid',
          at: r.paidOn,
          detail: `${formatYuan(r.payoutAmountFen ?? 0)}元，${r.reference}`,
        });
    }
    const status = r.paidOn ? 'paid' : (r.claimStatus ?? r.stage);
    return {
      id: r.id,
      placementId: r.placementId,
      broker: { id: r.brokerId, name: r.brokerName, status: r.brokerStatus },
      // Staff open the worker's record from a referral; a broker has no worker pages, so no id.
      worker: {
        ...(forBroker ? {} : { id: r.workerId }),
        name: r.workerName,
        citizenId: maskCitizenId(r.citizenId),
      },
      employer: r.employerName,
      startDate: r.startDate,
      status,
      reasons: r.reasons,
      amountFen: r.payoutAmountFen ?? r.amountFen,
      claim: r.claimId
        ? { id: r.claimId, number: r.claimNumber, status: r.claimStatus, lastReason: r.lastReason }
        : null,
      payout: r.paidOn ? { paidOn: r.paidOn, amountFen: r.payoutAmountFen, reference: r.reference } : null,
      // A later suspension does not cancel an earned payout (eligibility is judged at the placement date), but is shown.
      ...(r.brokerStatus === 'suspended' ? { note: '介绍人目前处于暂停状态；补贴资格按就业之日判断' } : {}),
      timeline,
    };
  }

  private totals(items: ReturnType<ReferralsService['view']>[]) {
    const sum = (f: (i: (typeof items)[number]) => boolean) =>
      items.filter(f).reduce((s, i) => s + (i.amountFen ?? 0), 0);
    return {
      paidFen: sum((i) => i.status === 'paid'),
      pendingFen: sum((i) => ['awaiting_approval', 'approved', 'returned'].includes(i.status)),
      rejectedFen: sum((i) => i.status === 'rejected'),
      counts: items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }), {}),
    };
  }

  private period(q: ReferralPeriodQuery): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (q.from) parts.push(`p."startDate" >= $${params.push(q.from)}`);
    if (q.to) parts.push(`p."startDate" <= $${params.push(q.to)}`);
    return { sql: parts.join(' AND '), params };
  }

  async mine(actor: Actor, q: ReferralPeriodQuery) {
    if (actor.brokerId == null) return { items: [], totals: this.totals([]) };
    const per = this.period(q);
    const params = [...per.params, actor.brokerId];
    const rows = await this.rows([per.sql, `r."brokerId" = $${params.length}`].filter(Boolean).join(' AND '), params);
    const dec = await this.decisions(rows.map((r) => r.claimId).filter((x): x is number => x !== null));
    const items = rows.map((r) => this.view(r, dec.get(r.claimId ?? -1) ?? [], true));
    return { items, totals: this.totals(items) };
  }

  /** A referral of the logged-in broker; someone else's answers 404, so ids cannot be probed. */
  async mineOne(actor: Actor, id: number) {
    if (actor.brokerId == null) throw ReferralErrors.NOT_FOUND();
    const [r] = await this.rows('r.id = $1 AND r."brokerId" = $2', [id, actor.brokerId], 1);
    if (!r) throw ReferralErrors.NOT_FOUND();
    const dec = await this.decisions(r.claimId ? [r.claimId] : []);
    return this.view(r, dec.get(r.claimId ?? -1) ?? [], true);
  }

  async list(q: ReferralListQuery) {
    const per = this.period(q);
    const parts = per.sql ? [per.sql] : [];
    const params = [...per.params];
    if (q.brokerId) parts.push(`r."brokerId" = $${params.push(q.brokerId)}`);
    if (q.status)
      parts.push(
        `COALESCE(CASE WHEN po.id IS NOT NULL THEN 'paid' END, c.status, r.stage) = $${params.push(q.status)}`,
      );
    const rows = await this.rows(parts.join(' AND ') || 'true', params, q.pageSize, (q.page - 1) * q.pageSize);
    const dec = await this.decisions(rows.map((r) => r.claimId).filter((x): x is number => x !== null));
    const items = rows.map((r) => this.view(r, dec.get(r.claimId ?? -1) ?? [], false));
    return { items, totals: this.totals(items), page: q.page, pageSize: q.pageSize };
  }
}
