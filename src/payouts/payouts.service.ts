import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UpdateDefinition } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { AppConfig } from '../config/app-config.js';
import { type Actor, currentReach } from '../common/request-context.js';
import { shanghaiEndOfDay, shanghaiToday } from '../common/dates.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { LABELS } from '../common/labels.js';
import { offsetOf } from '../common/paging.js';
import { refused } from '../common/errors.js';
import { DocumentsService } from '../documents/documents.service.js';
import { nextNumber } from '../documents/numbering.js';
import { formatYuan, maskBankAccount, maskCitizenId } from '../identity/index.js';
import { sniffLedgerFile } from '../ledgers/sheet-reader.js';
import { PolicyService } from '../policy/policy.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { payoutBatch, Processes } from '../temporal/processes.js';
import { PAYEE_KIND, registeredAccount } from '../claims/payee.js';
import { SubsidyClaim } from '../claims/claim.entity.js';
import {
  earlierReferralClaim,
  lockWorkerForReferral,
  repeatReason,
  repeatWindowOf,
} from '../claims/referral-repeat.js';
import { Placement } from '../placements/placement.entity.js';
import {
  approvePayoutBatchUpdate,
  bankReturnUpdate,
  cancelPayoutBatchUpdate,
  closePayoutBatchUpdate,
  type PayoutBatchState,
} from '../../workflows/definitions.js';
import { PayoutBatchRefusals } from '../../workflows/refusals.js';
import { readReturnFile } from './bank-return.js';
import type {
  BatchListQuery,
  CreateBatchDto,
  CreateFundingLineDto,
  ObjectionDto,
  PaymentFailureQuery,
  ResolveObjectionDto,
} from './payouts.dto.js';
import { PayoutErrors } from './payouts.errors.js';
import { FundingLine, PayoutBatch, PayoutFile, PayoutObjection, PayoutReturn } from './payout.entity.js';
import { maskName } from './masking.js';
import { withFiling } from '../common/filing.js';

type Upload = { buffer: Buffer; size: number; originalname: string };
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const yuan = (fen: number) => formatYuan(fen);

@Injectable()
export class PayoutsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly config: AppConfig,
    private readonly documents: DocumentsService,
    private readonly policy: PolicyService,
    private readonly processes: Processes,
    private readonly tasks: TasksService,
    private readonly users: UserDirectory,
  ) {}

  // ---- funding lines ----

  async createFundingLine(dto: CreateFundingLineDto, actor: Actor) {
    return this.db.transaction(async (m) => {
      const countyId = currentReach().county;
      const [dup] = await m.query(
        `SELECT id FROM funding_lines WHERE "countyId" = coalesce($1, app_county()) AND year = $2 AND name = $3`,
        [countyId, dto.year, dto.name.trim()],
      );
      if (dup) throw PayoutErrors.FUNDING_EXISTS({ year: dto.year, name: dto.name.trim() });
      const line = await m.save(
        FundingLine,
        m.create(FundingLine, {
          year: dto.year,
          name: dto.name.trim(),
          budgetFen: dto.budgetFen,
          createdBy: actor.username,
          ...(countyId ? { countyId } : {}),
        }),
      );
      await this.audit.record({ entity: 'funding_line', entityId: line.id, action: 'create', after: { ...line } }, m);
      return (await this.fundingLines(line.year, m)).items.find((f) => f.id === line.id)!;
    });
  }

  /** Each line with its budget used (lines waiting, sent or paid) and what is left. */
  async fundingLines(year?: number, m: EntityManager = this.db.manager) {
    const rows: (FundingLine & { usedFen: string })[] = await m.query(
      `SELECT f.*, coalesce((SELECT sum(l."amountFen") FROM payout_lines l JOIN payout_batches b ON b.id = l."batchId"
                              WHERE b."fundingLineId" = f.id AND l.status IN ('pending', 'sent', 'paid')), 0)::bigint AS "usedFen"
         FROM funding_lines f WHERE ($1::int IS NULL OR f.year = $1) ORDER BY f.year DESC, f.id`,
      [year ?? null],
    );
    return {
      items: rows.map((r) => {
        const budgetFen = Number(r.budgetFen);
        const usedFen = Number(r.usedFen);
        return { ...r, budgetFen, usedFen, remainingFen: budgetFen - usedFen };
      }),
    };
  }

  // ---- batches ----

  /**
   * A batch from approved claims of the funding line's county, refused whole when it would take
   * the line past its yearly budget. Each line gets a reference from the sequence; the claims
   * are in the batch from now on, and the batch's process starts when this commits.
   */
  async createBatch(dto: CreateBatchDto, actor: Actor) {
    const id = await this.db.transaction(async (m) => {
      // The funding line locked: two batches against one budget are judged one after the other.
      const [funding]: FundingLine[] = await m.query(`SELECT * FROM funding_lines WHERE id = $1 FOR UPDATE`, [
        dto.fundingLineId,
      ]);
      if (!funding) throw PayoutErrors.FUNDING_NOT_FOUND();
      const today = shanghaiToday();
      const year = Number(today.slice(0, 4));
      if (funding.year !== year) throw PayoutErrors.FUNDING_YEAR({ name: funding.name, year: funding.year });
      const claims = await this.#payable(m, funding.countyId, dto);
      await this.#noRepeatReferrals(m, claims);
      const totalFen = claims.reduce((s, c) => s + c.amountFen, 0);
      const {
        items: [f],
      } = { items: (await this.fundingLines(funding.year, m)).items.filter((x) => x.id === funding.id) };
      if (totalFen > f.remainingFen)
        throw PayoutErrors.OVER_BUDGET({
          totalYuan: yuan(totalFen),
          name: f.name,
          year: f.year,
          remainingYuan: yuan(f.remainingFen),
          budgetYuan: yuan(f.budgetFen),
          usedYuan: yuan(f.usedFen),
          budgetFen: f.budgetFen,
          usedFen: f.usedFen,
          remainingFen: f.remainingFen,
          totalFen,
        });
      const number = `代发〔${year}〕${await nextNumber(m, funding.countyId, 'payout_batch', year)}号`;
      const batch = await m.save(
        PayoutBatch,
        m.create(PayoutBatch, {
          countyId: funding.countyId,
          number,
          fundingLineId: funding.id,
          status: 'built',
          fileFormat: dto.format ?? this.config.BANK_FILE_FORMAT,
          lineCount: claims.length,
          totalFen,
          createdBy: actor.username,
        }),
      );
      for (const c of claims) {
        const [{ seq }] = await m.query(`SELECT nextval('payout_reference_seq')::text AS seq`);
        const reference = `DF${year}${seq.padStart(8, '0')}`;
        await m.query(
          `INSERT INTO payout_lines ("batchId", "claimId", reference, "payeeName", "bankName", "bankAccount", "amountFen")
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [batch.id, c.id, reference, c.payeeName, c.payeeBank, c.payeeAccount, c.amountFen],
        );
        await m.query(
          `UPDATE claims SET status = 'in_batch', version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'approved'`,
          [c.id],
        );
        await this.audit.record(
          {
            entity: 'claim',
            entityId: c.id,
            action: 'batched',
            before: { status: 'approved' },
            after: { status: 'in_batch', batchId: batch.id, batchNumber: number, reference, amountFen: c.amountFen },
          },
          m,
        );
      }
      await this.audit.record(
        {
          entity: 'payout_batch',
          entityId: batch.id,
          action: 'create',
          after: {
            number,
            fundingLineId: funding.id,
            lineCount: claims.length,
            totalFen,
            fileFormat: batch.fileFormat,
          },
        },
        m,
      );
      const policy = await this.policy.inForce(today, funding.countyId, m);
      const workingDays = policy['payouts.notice_working_days'];
      const noticeUntil = await this.calendar.addWorkingDays(today, workingDays);
      const notice = await this.#publish(m, batch, { from: today, until: noticeUntil, workingDays });
      await m.query(
        `UPDATE payout_batches SET "noticeFrom" = $2, "noticeUntil" = $3, "noticeDocumentId" = $4 WHERE id = $1`,
        [batch.id, today, noticeUntil, notice.id],
      );
      await this.processes.start(m, payoutBatch(batch.id), {
        batchId: batch.id,
        number,
        createdBy: actor.username,
        bankReminderDays: policy['payouts.bank_answer_reminder_days'],
        // A county that set the notice to 0 days pays without waiting.
        ...(workingDays > 0 ? { noticeEndsAt: new Date(shanghaiEndOfDay(noticeUntil)).toISOString() } : {}),
      });
      return batch.id;
    });
    return this.get(id, actor);
  }

  /** The lines as the public sees them: the person's name with its middle masked, the ID masked, the course or referral. */
  async #noticeLines(m: EntityManager, batchId: number) {
    const rows: {
      id: number;
      name: string;
      citizenId: string;
      kind: string;
      course: string | null;
      amountFen: number;
    }[] = await m.query(
      `SELECT l.id, w.name, w."citizenId", c.kind, co.name AS course, l."amountFen"
           FROM payout_lines l JOIN claims c ON c.id = l."claimId" JOIN workers w ON w.id = c."workerId"
           LEFT JOIN courses co ON co.id = c."courseId"
          WHERE l."batchId" = $1 AND l.status <> 'dropped' ORDER BY l.id`,
      [batchId],
    );
    return rows.map((r, i) => ({
      no: i + 1,
      lineId: r.id,
      name: maskName(r.name),
      idMasked: maskCitizenId(r.citizenId),
      item: r.kind === 'training' ? `培训补贴（${r.course ?? ''}）` : '职业介绍补贴',
      amountFen: r.amountFen,
    }));
  }

  /** 补贴资金发放公示: the printable notice, numbered like every document, issued when the batch is built. */
  async #publish(m: EntityManager, batch: PayoutBatch, notice: { from: string; until: string; workingDays: number }) {
    const issuer = await this.documents.issuer('payout_batch', batch.id, m);
    return this.documents.render(
      {
        type: 'payout_public_notice',
        businessKey: `payout-batch-${batch.id}-notice`,
        subjectType: 'payout_batch',
        subjectId: batch.id,
        data: {
          batch: { number: batch.number, lineCount: batch.lineCount, totalFen: Number(batch.totalFen) },
          notice: { ...notice, phone: issuer.phone ?? '' },
          lines: (await this.#noticeLines(m, batch.id)).map(({ lineId: _l, ...l }) => l),
        },
      },
      m,
    );
  }

  /** The public page of a batch's notice (no login): the masked lines, the period, how to object. */
  async publicNotice(id: number): Promise<string> {
    const [batch]: (PayoutBatch & { bureau: string; phone: string | null })[] = await this.db.query(
      `SELECT b.*, o.name AS bureau, o.phone FROM payout_batches b JOIN offices o ON o.id = b."countyId"
        WHERE b.id = $1 AND b.status <> 'cancelled' AND b."noticeFrom" IS NOT NULL`,
      [id],
    );
    if (!batch) throw PayoutErrors.BATCH_NOT_FOUND();
    const lines = await this.#noticeLines(this.db.manager, id);
    const esc = (s: string | number) =>
      String(s).replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
      );
    const today = shanghaiToday();
    const state = today > batch.noticeUntil! ? '公示期已结束' : '公示中';
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(batch.bureau)}补贴资金发放公示</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<h1>${esc(batch.bureau)}补贴资金发放公示</h1>
<p id="notice-period">批次${esc(batch.number)}，公示期${esc(batch.noticeFrom!)}至${esc(batch.noticeUntil!)}（${state}）</p>
<table id="notice-lines" border="1" cellspacing="0" cellpadding="4">
<thead><tr><th>序号</th><th>姓名</th><th>公民身份号码</th><th>补贴项目</th><th>金额（元）</th></tr></thead><tbody>
${lines.map((l) => `<tr><td>${l.no}</td><td>${esc(l.name)}</td><td>${esc(l.idMasked)}</td><td>${esc(l.item)}</td><td>${esc(formatYuan(l.amountFen))}</td></tr>`).join('\n')}
</tbody></table>
<p>对名单有异议的，请在公示期内向本局反映${batch.phone ? `（电话：${esc(batch.phone)}）` : ''}，写明所涉人员和理由。</p>
</body></html>`;
  }

  /**
   * An objection to a line during the notice: the claim is held back from payment until a
   * caseworker resolves it. Only while the line waits for the bank file and the notice runs.
   */
  async object(batchId: number, dto: ObjectionDto, actor: Actor) {
    return this.db.transaction(async (m) => {
      const [line]: { id: number; claimId: number; status: string; noticeUntil: string | null; batchStatus: string }[] =
        await m.query(
          `SELECT l.id, l."claimId", l.status, b."noticeUntil"::text AS "noticeUntil", b.status AS "batchStatus"
             FROM payout_lines l JOIN payout_batches b ON b.id = l."batchId" WHERE l.id = $1 AND l."batchId" = $2 FOR UPDATE OF l`,
          [dto.lineId, batchId],
        );
      if (!line) throw PayoutErrors.LINE_NOT_FOUND();
      if (line.status !== 'pending' || !line.noticeUntil || shanghaiToday() > line.noticeUntil)
        throw PayoutErrors.NOTICE_CLOSED();
      const saved = await m.save(
        PayoutObjection,
        m.create(PayoutObjection, {
          batchId,
          lineId: line.id,
          claimId: line.claimId,
          objector: dto.objector.trim(),
          content: dto.content.trim(),
          recordedBy: actor.username,
        }),
      );
      await withFiling(m, PayoutObjection, saved, ['countyId']);
      await m.query(
        `UPDATE claims SET status = 'held', version = version + 1, "updatedAt" = now() WHERE id = $1 AND status IN ('in_batch', 'held')`,
        [line.claimId],
      );
      await this.audit.record(
        {
          entity: 'claim',
          entityId: line.claimId,
          action: 'objection',
          before: { status: 'in_batch' },
          after: { status: 'held', objectionId: saved.id, objector: saved.objector, content: saved.content, batchId },
        },
        m,
      );
      return this.#objectionView(saved);
    });
  }

  /**
   * A caseworker's finding: upheld → the claim is rejected with the finding as its reason (its line
   * leaves the batch); dismissed → it goes ahead: in this batch while its file is not yet issued,
   * otherwise into a later one. Another objection still open keeps it held.
   */
  async resolveObjection(id: number, dto: ResolveObjectionDto, actor: Actor) {
    return this.db.transaction(async (m) => {
      const [o]: PayoutObjection[] = await m.query(`SELECT * FROM payout_objections WHERE id = $1 FOR UPDATE`, [id]);
      if (!o) throw PayoutErrors.OBJECTION_NOT_FOUND();
      if (o.status !== 'open') throw PayoutErrors.OBJECTION_RESOLVED();
      await m.query(
        `UPDATE payout_objections SET status = $2, "resolvedBy" = $3, "resolvedAt" = now(), resolution = $4 WHERE id = $1`,
        [id, dto.decision, actor.username, dto.note.trim()],
      );
      const [{ open }] = await m.query(
        `SELECT count(*)::int AS open FROM payout_objections WHERE "claimId" = $1 AND status = 'open'`,
        [o.claimId],
      );
      const [line]: { status: string }[] = await m.query(`SELECT status FROM payout_lines WHERE id = $1 FOR UPDATE`, [
        o.lineId,
      ]);
      let status: string = 'held';
      if (dto.decision === 'upheld') {
        status = 'rejected';
        await m.query(
          `UPDATE payout_lines SET status = 'dropped', "updatedAt" = now() WHERE id = $1 AND status = 'pending'`,
          [o.lineId],
        );
        await m.query(
          `UPDATE claims SET status = 'rejected', "lastReason" = $2, "decidedAt" = now(), version = version + 1, "updatedAt" = now() WHERE id = $1`,
          [o.claimId, `公示异议成立：${dto.note.trim()}`],
        );
      } else if (open === 0) {
        status = line.status === 'pending' ? 'in_batch' : 'approved';
        await m.query(
          `UPDATE claims SET status = $2, version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'held'`,
          [o.claimId, status],
        );
      }
      await this.audit.record(
        {
          entity: 'claim',
          entityId: o.claimId,
          action: dto.decision === 'upheld' ? 'objection_upheld' : 'objection_dismissed',
          before: { status: 'held', objectionId: id },
          after: { status, resolution: dto.note.trim() },
        },
        m,
      );
      const after = await m.findOneByOrFail(PayoutObjection, { id });
      return { ...(await this.#objectionView(after, m)), claimStatus: status };
    });
  }

  async #objectionView(o: PayoutObjection, m: EntityManager = this.db.manager) {
    const people = await this.users.people([o.recordedBy, o.resolvedBy], [], m);
    return {
      ...o,
      recordedByName: people.name(o.recordedBy),
      resolvedByName: o.resolvedBy ? people.name(o.resolvedBy) : null,
    };
  }

  /**
   * The once-per-window rule of the referral subsidy judged again before money leaves: a referral
   * claim with an earlier one of the same worker in the window (approved since, or corrected into
   * one) refuses the batch, naming both. The worker is locked as at approval.
   */
  async #noRepeatReferrals(m: EntityManager, claims: SubsidyClaim[]): Promise<void> {
    for (const c of claims) {
      if (c.kind !== 'referral') continue;
      await lockWorkerForReferral(m, c.workerId);
      const p = await m.findOneByOrFail(Placement, { id: c.placementId });
      const windowMonths = repeatWindowOf(p);
      const earlier = await earlierReferralClaim(m, {
        workerId: c.workerId,
        placementId: p.id,
        startDate: p.startDate,
        windowMonths,
        preparedBefore: c.id,
      });
      if (earlier)
        throw PayoutErrors.REPEAT_REFERRAL({
          number: c.number,
          reason: repeatReason(earlier, p.startDate, windowMonths),
        });
    }
  }

  /** The claims a batch takes: approved, with the account finance approved against, not in another batch. */
  async #payable(
    m: EntityManager,
    countyId: number,
    dto: CreateBatchDto,
  ): Promise<(SubsidyClaim & { payeeBank: string | null; payeeAccount: string | null })[]> {
    const select = `SELECT c.id, c.number, c.status, c.kind, c."workerId", c."placementId", c."amountFen", c."payeeName", c."payeeBank", c."payeeAccount"
                      FROM claims c WHERE c."countyId" = $1`;
    if (dto.claimIds) {
      const ids = [...new Set(dto.claimIds)];
      const rows: (SubsidyClaim & { payeeBank: string | null; payeeAccount: string | null })[] = await m.query(
        `${select} AND c.id = ANY($2::int[]) ORDER BY c.id FOR UPDATE`,
        [countyId, ids],
      );
      const found = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const c = found.get(id);
        if (!c) throw PayoutErrors.CLAIM_UNKNOWN({ id });
        if (c.status !== 'approved')
          throw PayoutErrors.CLAIM_NOT_PAYABLE({ number: c.number, status: LABELS.claimStatus[c.status] ?? c.status });
        if (!c.payeeBank || !c.payeeAccount) throw PayoutErrors.NO_ACCOUNT({ number: c.number });
      }
      return ids.map((id) => found.get(id)!);
    }
    const rows = await m.query(
      `${select} AND c.status = 'approved' AND c."payeeAccount" IS NOT NULL AND c."payeeBank" IS NOT NULL
         AND ($2::text IS NULL OR c.kind = $2) ORDER BY c.id LIMIT 2000 FOR UPDATE`,
      [countyId, dto.kind ?? null],
    );
    if (!rows.length) throw PayoutErrors.NOTHING_TO_PAY();
    return rows;
  }

  async list(q: BatchListQuery) {
    const qb = this.db.getRepository(PayoutBatch).createQueryBuilder('b');
    if (q.status) qb.andWhere('b.status = :status', { status: q.status });
    qb.orderBy('b.id', q.order === 'asc' ? 'ASC' : 'DESC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    const people = await this.users.people(rows.flatMap((b) => [b.createdBy, b.approvedBy]));
    return {
      items: rows.map((b) => ({
        ...b,
        createdByName: people.name(b.createdBy),
        approvedByName: b.approvedBy ? people.name(b.approvedBy) : null,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(id: number, actor: Pick<Actor, 'role'>) {
    const batch = await this.db.getRepository(PayoutBatch).findOneBy({ id });
    if (!batch) throw PayoutErrors.BATCH_NOT_FOUND();
    const funding = (await this.fundingLines()).items.find((f) => f.id === batch.fundingLineId)!;
    const lines: {
      id: number;
      claimId: number;
      reference: string;
      payeeName: string;
      bankName: string;
      bankAccount: string;
      amountFen: number;
      status: string;
      paidOn: string | null;
      failedOn: string | null;
      failReason: string | null;
      reversed: boolean;
      claimNumber: string;
      kind: string;
      township: string;
      claimStatus: string;
    }[] = await this.db.query(
      `SELECT l.id, l."batchId", l."claimId", l.reference, l."payeeName", l."bankName", l."bankAccount", l."amountFen",
              l.status, l."paidOn"::text AS "paidOn", l."failedOn"::text AS "failedOn", l."failReason", l.reversed,
              c.number AS "claimNumber", c.kind, c.township, c.status AS "claimStatus"
         FROM payout_lines l JOIN claims c ON c.id = l."claimId" WHERE l."batchId" = $1 ORDER BY l.id`,
      [id],
    );
    const fullAccount = actor.role === 'finance';
    const totals = (key: 'kind' | 'township') => {
      const by = new Map<string, { key: string; count: number; amountFen: number }>();
      for (const l of lines) {
        const t = by.get(l[key]) ?? { key: l[key], count: 0, amountFen: 0 };
        t.count++;
        t.amountFen += l.amountFen;
        by.set(l[key], t);
      }
      return [...by.values()].sort((a, b) => a.key.localeCompare(b.key, 'zh'));
    };
    const file = await this.db.getRepository(PayoutFile).findOneBy({ batchId: id });
    const objections = await this.db
      .getRepository(PayoutObjection)
      .find({ where: { batchId: id }, order: { id: 'ASC' } });
    const returns = await this.db.getRepository(PayoutReturn).find({ where: { batchId: id }, order: { id: 'ASC' } });
    const people = await this.users.people([batch.createdBy, batch.approvedBy]);
    const document = batch.fileDocumentId
      ? ((await this.documents.listFor('payout_batch', id)).find((d) => d.id === batch.fileDocumentId) ?? null)
      : null;
    return {
      ...batch,
      createdByName: people.name(batch.createdBy),
      approvedByName: batch.approvedBy ? people.name(batch.approvedBy) : null,
      funding: {
        id: funding.id,
        name: funding.name,
        year: funding.year,
        budgetFen: funding.budgetFen,
        usedFen: funding.usedFen,
        remainingFen: funding.remainingFen,
      },
      lines: lines.map((l) => ({ ...l, bankAccount: fullAccount ? l.bankAccount : maskBankAccount(l.bankAccount) })),
      byKind: totals('kind'),
      byTownship: totals('township'),
      file: file ? { fileName: file.fileName, format: file.format, sha256: file.sha256 } : null,
      document,
      objections: await Promise.all(objections.map((o) => this.#objectionView(o))),
      returns: returns.map((r) => ({
        id: r.id,
        fileName: r.fileName,
        sha256: r.sha256,
        lineCount: r.lines.length,
        outcome: publicOutcome(r.outcome),
        uploadedBy: r.uploadedBy,
        uploadedAt: r.uploadedAt,
      })),
    };
  }

  /**
   * Approved by a second finance user. A batch with nothing left to pay (every waiting line held
   * by an open objection, or none waiting) is refused: it would issue an empty bank file.
   */
  async approve(id: number, actor: Actor) {
    const [{ payable, held }]: { payable: number; held: number }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE l.status = 'pending' AND c.status <> 'held')::int AS payable,
              count(*) FILTER (WHERE l.status = 'pending' AND c.status = 'held')::int AS held
         FROM payout_lines l JOIN claims c ON c.id = l."claimId" WHERE l."batchId" = $1`,
      [id],
    );
    const [batch]: { status: string }[] = await this.db.query(`SELECT status FROM payout_batches WHERE id = $1`, [id]);
    if (batch?.status === 'built' && payable === 0) throw PayoutErrors.NOTHING_LEFT({ held });
    return this.#update(id, approvePayoutBatchUpdate, { by: actor.username });
  }

  cancel(id: number, reason: string, actor: Actor) {
    return this.#update(id, cancelPayoutBatchUpdate, { by: actor.username, reason });
  }

  close(id: number, actor: Actor) {
    return this.#update(id, closePayoutBatchUpdate, { by: actor.username });
  }

  async #update<Ret, A>(id: number, def: UpdateDefinition<Ret, [A]>, arg: A): Promise<Ret> {
    const batch = await this.db.getRepository(PayoutBatch).findOneBy({ id });
    if (!batch) throw PayoutErrors.BATCH_NOT_FOUND();
    return this.processes.update(payoutBatch(id), def, arg, {
      refused: () => PayoutErrors.PROCESS_REFUSED(),
      finished: () => refused(PayoutBatchRefusals.NOT_AWAITING_BANK()),
    });
  }

  /** The bank file as issued (finance only: it carries whole account numbers). */
  async file(id: number): Promise<StreamableFile> {
    const batch = await this.db.getRepository(PayoutBatch).findOneBy({ id });
    if (!batch) throw PayoutErrors.BATCH_NOT_FOUND();
    const file = await this.db
      .getRepository(PayoutFile)
      .createQueryBuilder('f')
      .addSelect('f.content')
      .where('f.batchId = :id', { id })
      .getOne();
    if (!file?.content) throw batch.status === 'closed' ? PayoutErrors.NOTHING_PAID() : PayoutErrors.FILE_NOT_READY();
    return new StreamableFile(file.content, {
      type: file.format === 'xlsx' ? XLSX_MIME : 'text/csv; charset=utf-8',
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  /**
   * The bank's return file: read whole (a row that cannot be read refuses the file, naming
   * it), kept as received, then reconciled by the batch's process.
   */
  async uploadReturn(id: number, upload: Upload | undefined, actor: Actor) {
    const type = sniffLedgerFile(upload);
    const batch = await this.db.getRepository(PayoutBatch).findOneBy({ id });
    if (!batch) throw PayoutErrors.BATCH_NOT_FOUND();
    if (batch.status !== 'awaiting_bank' && batch.status !== 'reconciled')
      throw refused(PayoutBatchRefusals.NOT_AWAITING_BANK());
    const { lines, problems } = await readReturnFile(type, upload!.buffer);
    if (problems.length)
      throw PayoutErrors.RETURN_PROBLEMS({ count: problems.length }).withDetails(
        problems.slice(0, 50).map((p) => ({ field: `第${p.row}行`, reason: p.reason })),
      );
    if (!lines.length) throw PayoutErrors.RETURN_EMPTY();
    const ret = await this.db.transaction(async (m) => {
      const saved = await m.save(
        PayoutReturn,
        m.create(PayoutReturn, {
          batchId: id,
          fileName: upload!.originalname.slice(0, 200) || '回盘文件',
          sha256: createHash('sha256').update(upload!.buffer).digest('hex'),
          lines,
          uploadedBy: actor.username,
        }),
      );
      await this.audit.record(
        {
          entity: 'payout_batch',
          entityId: id,
          action: 'bank_return_uploaded',
          after: { returnId: saved.id, fileName: saved.fileName, sha256: saved.sha256, lines: lines.length },
        },
        m,
      );
      return saved;
    });
    return this.#update(id, bankReturnUpdate, { returnId: ret.id, by: actor.username });
  }

  // ---- failed payments ----

  async failures(q: PaymentFailureQuery) {
    const rows = await this.db.query(
      `SELECT c.id AS "claimId", c.number AS "claimNumber", c.kind, c."payeeName", c.township, c."amountFen",
              l.reference, b.number AS "batchNumber", l."failedOn"::text AS "failedOn", l."failReason", l.reversed,
              count(*) OVER ()::int AS total
         FROM claims c
         JOIN LATERAL (SELECT * FROM payout_lines x WHERE x."claimId" = c.id AND x.status = 'failed' ORDER BY x.id DESC LIMIT 1) l ON true
         JOIN payout_batches b ON b.id = l."batchId"
        WHERE c.status = 'payment_failed'
        ORDER BY l."failedOn" DESC, c.id LIMIT $1 OFFSET $2`,
      [q.pageSize, offsetOf(q)],
    );
    return {
      items: rows.map(({ total: _t, ...r }: { total: number }) => r),
      total: rows[0]?.total ?? 0,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * The payee's account was corrected in their record: the claim is approved again against the
   * new account and will go into a later batch under a new reference. The same account as the one
   * that failed is refused.
   */
  async corrected(claimId: number, actor: Actor) {
    return this.db.transaction(async (m) => {
      const [claim]: (SubsidyClaim & { payeeBank: string | null; payeeAccount: string | null })[] = await m.query(
        `SELECT * FROM claims WHERE id = $1 FOR UPDATE`,
        [claimId],
      );
      if (!claim) throw PayoutErrors.CLAIM_UNKNOWN({ id: claimId }).at('claimId');
      if (claim.status !== 'payment_failed')
        throw PayoutErrors.NOT_FAILED({
          number: claim.number,
          status: LABELS.claimStatus[claim.status] ?? claim.status,
        });
      const [failed]: { reference: string; bankName: string; bankAccount: string }[] = await m.query(
        `SELECT reference, "bankName", "bankAccount" FROM payout_lines WHERE "claimId" = $1 AND status = 'failed' ORDER BY id DESC LIMIT 1`,
        [claimId],
      );
      const now = await registeredAccount(m, claim);
      const payeeKind = PAYEE_KIND[claim.payeeType] ?? '领取人';
      if (!now || (failed && now.bankAccount === failed.bankAccount && now.bankName === failed.bankName))
        throw PayoutErrors.ACCOUNT_UNCHANGED({
          account: failed ? `${failed.bankName} ${maskBankAccount(failed.bankAccount)}` : '未登记',
          payeeKind,
        });
      await m.query(
        `UPDATE claims SET status = 'approved', "payeeBank" = $2, "payeeAccount" = $3, version = version + 1, "updatedAt" = now() WHERE id = $1`,
        [claimId, now.bankName, now.bankAccount],
      );
      await this.audit.record(
        {
          entity: 'claim',
          entityId: claimId,
          action: 'account_corrected',
          before: { status: 'payment_failed', payeeBank: failed?.bankName, payeeAccount: failed?.bankAccount },
          after: { status: 'approved', payeeBank: now.bankName, payeeAccount: now.bankAccount },
        },
        m,
      );
      await this.tasks.close(
        { subject: { type: 'claim', id: claimId }, kinds: ['payment_failed'] },
        '收款账户已更正，待重新代发',
        m,
        actor,
      );
      return {
        claimId,
        status: 'approved',
        bankName: now.bankName,
        bankAccount: maskBankAccount(now.bankAccount),
      };
    });
  }

  /** The batch's process, for its page. */
  state(id: number): Promise<PayoutBatchState | null> {
    return this.processes.state(payoutBatch(id));
  }
}

/** A return's outcome as shown: the claims it paid are the process's to notify, not part of the answer. */
function publicOutcome(outcome: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!outcome) return null;
  const { paidClaimIds: _paid, ...shown } = outcome;
  return shown;
}
