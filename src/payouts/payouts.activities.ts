import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { returnedRows as rows } from '../common/sql.js';
import { shanghaiToday } from '../common/dates.js';
import { DocumentsService } from '../documents/documents.service.js';
import { maskBankAccount } from '../identity/index.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import { PAYEE_KIND } from '../claims/payee.js';
import type { ReturnOutcome } from '../../workflows/definitions.js';
import { bankFile, yuanText } from './bank-file.js';
import { FundingLine, PayoutBatch, PayoutFile, PayoutReturn } from './payout.entity.js';

const finance = (username: string): Actor => ({ userId: null, username, role: 'finance' });
const KIND_TEXT: Record<string, string> = { training: '培训补贴', referral: '职业介绍补贴' };

/**
 * The payout batch workflow's side effects. Idempotent: each step checks the state it moves
 * from (a retry after a commit finds the step done), the bank file is stored once per batch and
 * its document by business key, a return file is reconciled once (its outcome kept with it).
 */
@Injectable()
@Activities()
export class PayoutActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly tasks: TasksService,
  ) {}

  async recordBatchApproval(input: { batchId: number; by: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const moved = rows(
        await m.query(
          `UPDATE payout_batches SET status = 'approved', "approvedBy" = $2, "approvedAt" = now(), "updatedAt" = now()
          WHERE id = $1 AND status = 'built' RETURNING id`,
          [input.batchId, input.by],
        ),
      );
      if (!moved.length) return;
      await this.audit.record(
        {
          entity: 'payout_batch',
          entityId: input.batchId,
          action: 'approve',
          before: { status: 'built' },
          after: { status: 'approved', approvedBy: input.by },
          actor: finance(input.by),
        },
        m,
      );
    });
  }

  /** Before approval only: its lines are dropped and their claims wait for another batch. */
  async cancelBatch(input: { batchId: number; by: string; reason: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const moved = rows(
        await m.query(
          `UPDATE payout_batches SET status = 'cancelled', "cancelReason" = $2, "updatedAt" = now()
          WHERE id = $1 AND status = 'built' RETURNING id`,
          [input.batchId, input.reason],
        ),
      );
      if (!moved.length) return;
      const lines: { claimId: number; reference: string }[] = rows(
        await m.query(
          `UPDATE payout_lines SET status = 'dropped', "updatedAt" = now() WHERE "batchId" = $1 AND status = 'pending'
          RETURNING "claimId", reference`,
          [input.batchId],
        ),
      );
      for (const l of lines) {
        await m.query(
          `UPDATE claims SET status = 'approved', version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'in_batch'`,
          [l.claimId],
        );
        await this.audit.record(
          {
            entity: 'claim',
            entityId: l.claimId,
            action: 'batch_cancelled',
            before: { status: 'in_batch', reference: l.reference },
            after: { status: 'approved', batchId: input.batchId, reason: input.reason },
            actor: finance(input.by),
          },
          m,
        );
      }
      await this.audit.record(
        {
          entity: 'payout_batch',
          entityId: input.batchId,
          action: 'cancel',
          before: { status: 'built' },
          after: { status: 'cancelled', reason: input.reason },
          actor: finance(input.by),
        },
        m,
      );
    });
  }

  /**
   * The bank file and its document (代发文件, numbered, with the file's sha256): made once; the
   * lines are then sent and the batch waits for the bank's answer.
   */
  async issueBankFile(input: { batchId: number }): Promise<{ documentId: number | null }> {
    return this.db.transaction(async (m) => {
      const batch = await m.findOneByOrFail(PayoutBatch, { id: input.batchId });
      if (batch.fileDocumentId) return { documentId: batch.fileDocumentId };
      // A retry after the batch was closed with nothing to pay.
      if (batch.status === 'closed') return { documentId: null };
      const funding = await m.findOneByOrFail(FundingLine, { id: batch.fundingLineId });
      // Lines held by an objection still open at the end of the notice stay out of the file.
      const held: { claimId: number; reference: string }[] = rows(
        await m.query(
          `UPDATE payout_lines l SET status = 'dropped', "updatedAt" = now() FROM claims c
            WHERE c.id = l."claimId" AND l."batchId" = $1 AND l.status = 'pending' AND c.status = 'held'
          RETURNING l."claimId", l.reference`,
          [batch.id],
        ),
      );
      for (const h of held)
        await this.audit.record(
          {
            entity: 'claim',
            entityId: h.claimId,
            action: 'held_back',
            after: { status: 'held', batchId: batch.id, batchNumber: batch.number, reference: h.reference },
          },
          m,
        );
      const lines: {
        id: number;
        claimId: number;
        reference: string;
        payeeName: string;
        bankName: string;
        bankAccount: string;
        amountFen: number;
        number: string;
        kind: string;
        township: string;
      }[] = await m.query(
        `SELECT l.id, l."claimId", l.reference, l."payeeName", l."bankName", l."bankAccount", l."amountFen",
                c.number, c.kind, c.township
           FROM payout_lines l JOIN claims c ON c.id = l."claimId"
          WHERE l."batchId" = $1 AND l.status = 'pending' ORDER BY l.id`,
        [batch.id],
      );
      if (!lines.length) {
        await this.#closeNothingToPay(batch, held.length, m);
        return { documentId: null };
      }
      // The letter states what the file pays: the lines held back are not in it.
      const totalFen = lines.reduce((t, l) => t + Number(l.amountFen), 0);
      const content = await bankFile(
        batch.fileFormat,
        lines.map((l) => ({ ...l, purpose: `${KIND_TEXT[l.kind] ?? ''} ${l.number}` })),
        { title: `${batch.number} 代发明细`, createdAt: batch.createdAt },
      );
      const sha256 = createHash('sha256').update(content).digest('hex');
      const fileName = `${batch.number}代发明细.${batch.fileFormat}`;
      await m.query(
        `INSERT INTO payout_files ("batchId", format, "fileName", content, sha256) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ("batchId") DO NOTHING`,
        [batch.id, batch.fileFormat, fileName, content, sha256],
      );
      const file = await m.findOneByOrFail(PayoutFile, { batchId: batch.id });
      const doc = await this.documents.render(
        {
          type: 'bank_payment_file',
          businessKey: `payout-batch-${batch.id}-bank-file`,
          subjectType: 'payout_batch',
          subjectId: batch.id,
          data: {
            batch: { number: batch.number, lineCount: lines.length, totalFen },
            funding: { name: funding.name, year: funding.year },
            file: {
              name: file.fileName,
              format: file.format === 'xlsx' ? 'Excel（xlsx）' : 'CSV',
              sha256: file.sha256,
            },
            lines: lines.map((l, i) => ({
              no: i + 1,
              reference: l.reference,
              payeeName: l.payeeName,
              bankName: l.bankName,
              bankAccount: maskBankAccount(l.bankAccount),
              amountFen: l.amountFen,
              amountYuan: yuanText(l.amountFen),
              claimNumber: l.number,
              kind: KIND_TEXT[l.kind] ?? '',
            })),
          },
        },
        m,
      );
      await m.query(
        `UPDATE payout_batches SET "fileDocumentId" = $2, "fileIssuedAt" = now(), status = 'awaiting_bank', "updatedAt" = now() WHERE id = $1`,
        [batch.id, doc.id],
      );
      await m.query(
        `UPDATE payout_lines SET status = 'sent', "updatedAt" = now() WHERE "batchId" = $1 AND status = 'pending'`,
        [batch.id],
      );
      for (const l of lines)
        await this.audit.record(
          {
            entity: 'claim',
            entityId: l.claimId,
            action: 'bank_file_issued',
            after: { batchId: batch.id, batchNumber: batch.number, reference: l.reference, document: doc.number },
          },
          m,
        );
      await this.audit.record(
        {
          entity: 'payout_batch',
          entityId: batch.id,
          action: 'bank_file_issued',
          before: { status: 'approved' },
          after: { status: 'awaiting_bank', documentId: doc.id, number: doc.number, fileSha256: sha256 },
        },
        m,
      );
      return { documentId: doc.id };
    });
  }

  /**
   * Every line still waiting at the end of the notice is held by an objection: an empty bank file
   * would pay nobody, so the batch is closed without one and finance is told. A held claim whose
   * objection is dismissed goes back to approved, for a later batch.
   */
  async #closeNothingToPay(batch: PayoutBatch, held: number, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE payout_batches SET status = 'closed', "closedAt" = now(), "updatedAt" = now() WHERE id = $1 AND status = 'approved'`,
      [batch.id],
    );
    await this.audit.record(
      {
        entity: 'payout_batch',
        entityId: batch.id,
        action: 'closed_nothing_to_pay',
        before: { status: 'approved' },
        after: { status: 'closed', held },
      },
      m,
    );
    await this.tasks.create(
      {
        kind: 'payout_nothing_to_pay',
        title: `代发批次${batch.number}公示期满，${held}笔明细均因公示异议暂缓，未生成代发文件，批次已关闭；异议核实不成立的申请请编入新的代发批次`,
        role: 'finance',
        subject: { type: 'payout_batch', id: batch.id },
        dueDate: shanghaiToday(),
        key: `payout-batch-${batch.id}-nothing-to-pay`,
        countyId: batch.countyId,
      },
      m,
    );
  }

  /** No answer from the bank within the policy's days: a task for finance to chase it. */
  async remindBankAnswer(input: { batchId: number; days: number }): Promise<void> {
    await this.db.transaction(async (m) => {
      const batch = await m.findOneByOrFail(PayoutBatch, { id: input.batchId });
      const raised = await this.tasks.create(
        {
          kind: 'bank_answer_due',
          title: `代发批次${batch.number}送出代发文件已${input.days}天，尚未收到银行回盘，请联系代发银行并导入回盘文件`,
          role: 'finance',
          subject: { type: 'payout_batch', id: batch.id },
          dueDate: shanghaiToday(),
          key: `payout-batch-${batch.id}-bank-answer`,
          countyId: batch.countyId,
        },
        m,
      );
      if (!raised) return;
      await m.query(`UPDATE payout_batches SET "bankReminderAt" = now(), "updatedAt" = now() WHERE id = $1`, [
        batch.id,
      ]);
      await this.audit.record(
        { entity: 'payout_batch', entityId: batch.id, action: 'bank_answer_overdue', after: { days: input.days } },
        m,
      );
    });
  }

  /**
   * Applies one return file. Paid lines pay their claims on the bank's date; failed lines fail
   * them with the reason and ask the payee's caseworker to correct the account; a paid line the
   * bank reports failed later is a reversal. A reference not of this batch, or an amount other
   * than the line's, is listed and changes nothing.
   */
  async reconcileReturn(input: {
    batchId: number;
    returnId: number;
    by: string;
  }): Promise<ReturnOutcome & { paidClaimIds: number[] }> {
    return this.db.transaction(async (m) => {
      const ret = await m.findOneByOrFail(PayoutReturn, { id: input.returnId });
      if (ret.reconciledAt && ret.outcome) return ret.outcome as unknown as ReturnOutcome & { paidClaimIds: number[] };
      const batch = await m.findOneByOrFail(PayoutBatch, { id: input.batchId });
      const actor = finance(input.by);
      const out: ReturnOutcome & { paidClaimIds: number[] } = {
        returnId: ret.id,
        paid: 0,
        failed: 0,
        reversed: 0,
        unchanged: 0,
        unknown: [],
        mismatched: [],
        open: 0,
        paidClaimIds: [],
      };
      for (const r of ret.lines) {
        const [line]: {
          id: number;
          claimId: number;
          status: string;
          amountFen: number;
          reference: string;
          bankName: string;
          bankAccount: string;
        }[] = await m.query(
          `SELECT id, "claimId", status, "amountFen", reference, "bankName", "bankAccount" FROM payout_lines
            WHERE "batchId" = $1 AND reference = $2 FOR UPDATE`,
          [batch.id, r.reference],
        );
        if (!line) {
          out.unknown.push(r.reference);
          continue;
        }
        if (r.amountFen !== null && r.amountFen !== line.amountFen) {
          out.mismatched.push(r.reference);
          continue;
        }
        const [claim]: { number: string; status: string; payeeType: string; payeeName: string; township: string }[] =
          await m.query(`SELECT number, status, "payeeType", "payeeName", township FROM claims WHERE id = $1`, [
            line.claimId,
          ]);
        if (line.status === 'sent' && r.result === 'paid') {
          await this.#paid(m, line, claim, r.date, actor, batch);
          out.paid++;
          out.paidClaimIds.push(line.claimId);
        } else if ((line.status === 'sent' || line.status === 'paid') && r.result === 'failed') {
          const reversal = line.status === 'paid';
          await this.#failed(m, line, claim, r.date, r.reason ?? '', reversal, actor, batch);
          if (reversal) out.reversed++;
          else out.failed++;
        } else out.unchanged++;
      }
      const [{ open }] = await m.query(
        `SELECT count(*)::int AS open FROM payout_lines WHERE "batchId" = $1 AND status = 'sent'`,
        [batch.id],
      );
      out.open = open;
      if (open === 0 && batch.status === 'awaiting_bank') {
        await m.query(
          `UPDATE payout_batches SET status = 'reconciled', "reconciledAt" = now(), "updatedAt" = now() WHERE id = $1`,
          [batch.id],
        );
        await this.tasks.close(
          { subject: { type: 'payout_batch', id: batch.id }, kinds: ['bank_answer_due'] },
          '银行回盘已全部对账',
          m,
          actor,
        );
      }
      await m.query(`UPDATE payout_returns SET outcome = $2::jsonb, "reconciledAt" = now() WHERE id = $1`, [
        ret.id,
        JSON.stringify(out),
      ]);
      await this.audit.record(
        {
          entity: 'payout_batch',
          entityId: batch.id,
          action: 'bank_return_reconciled',
          before: { status: batch.status },
          after: {
            status: open === 0 && batch.status === 'awaiting_bank' ? 'reconciled' : batch.status,
            returnId: ret.id,
            sha256: ret.sha256,
            paid: out.paid,
            failed: out.failed,
            reversed: out.reversed,
            unknown: out.unknown,
            mismatched: out.mismatched,
          },
          actor,
        },
        m,
      );
      return out;
    });
  }

  async #paid(
    m: EntityManager,
    line: { id: number; claimId: number; amountFen: number; reference: string },
    claim: { number: string; status: string },
    paidOn: string,
    actor: Actor,
    batch: PayoutBatch,
  ): Promise<void> {
    await m.query(`UPDATE payout_lines SET status = 'paid', "paidOn" = $2, "updatedAt" = now() WHERE id = $1`, [
      line.id,
      paidOn,
    ]);
    // One payout per claim: a claim paid again after a reversal takes the new line's reference.
    await m.query(
      `INSERT INTO payouts ("claimId", "amountFen", "paidOn", reference, "lineId") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("claimId") DO UPDATE SET "amountFen" = EXCLUDED."amountFen", "paidOn" = EXCLUDED."paidOn",
         reference = EXCLUDED.reference, "lineId" = EXCLUDED."lineId", "reversedOn" = NULL, "reversalReason" = NULL
       WHERE payouts."reversedOn" IS NOT NULL`,
      [line.claimId, line.amountFen, paidOn, line.reference, line.id],
    );
    await m.query(
      `UPDATE claims SET status = 'paid', version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'in_batch'`,
      [line.claimId],
    );
    await this.audit.record(
      {
        entity: 'claim',
        entityId: line.claimId,
        action: 'paid',
        before: { status: claim.status },
        after: {
          status: 'paid',
          paidOn,
          reference: line.reference,
          amountFen: line.amountFen,
          batchId: batch.id,
          batchNumber: batch.number,
        },
        actor,
      },
      m,
    );
  }

  async #failed(
    m: EntityManager,
    line: { id: number; claimId: number; reference: string; bankName: string; bankAccount: string },
    claim: { number: string; status: string; payeeType: string; payeeName: string; township: string },
    failedOn: string,
    reason: string,
    reversal: boolean,
    actor: Actor,
    batch: PayoutBatch,
  ): Promise<void> {
    await m.query(
      `UPDATE payout_lines SET status = 'failed', "failedOn" = $2, "failReason" = $3, reversed = $4, "updatedAt" = now() WHERE id = $1`,
      [line.id, failedOn, reason, reversal],
    );
    if (reversal)
      await m.query(`UPDATE payouts SET "reversedOn" = $2, "reversalReason" = $3 WHERE "lineId" = $1`, [
        line.id,
        failedOn,
        reason,
      ]);
    await m.query(
      `UPDATE claims SET status = 'payment_failed', "lastReason" = $2, version = version + 1, "updatedAt" = now()
        WHERE id = $1 AND status IN ('in_batch', 'paid')`,
      [line.claimId, `代发失败：${reason}`],
    );
    const payeeKind = PAYEE_KIND[claim.payeeType] ?? '领取人';
    await this.tasks.create(
      {
        kind: 'payment_failed',
        title: `补贴申请${claim.number}${reversal ? '已被银行退汇' : '代发失败'}（${reason}）：请核实并更正${payeeKind}“${claim.payeeName}”的收款账户`,
        body: `业务参考号${line.reference}，原账户${line.bankName} ${maskBankAccount(line.bankAccount)}。在${payeeKind}档案中更正开户银行和账号后，在补贴申请页登记“账户已更正”，该申请将编入以后的代发批次（使用新的业务参考号）。`,
        role: 'caseworker',
        subject: { type: 'claim', id: line.claimId },
        dueDate: shanghaiToday(),
        key: `payout-line-${line.id}-failed`,
        township: claim.township,
      },
      m,
    );
    await this.audit.record(
      {
        entity: 'claim',
        entityId: line.claimId,
        action: reversal ? 'payment_reversed' : 'payment_failed',
        before: { status: claim.status },
        after: {
          status: 'payment_failed',
          failedOn,
          reason,
          reference: line.reference,
          batchId: batch.id,
          batchNumber: batch.number,
        },
        actor,
      },
      m,
    );
  }

  async closeBatch(input: { batchId: number; by: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const moved = rows(
        await m.query(
          `UPDATE payout_batches SET status = 'closed', "closedAt" = now(), "closedBy" = $2, "updatedAt" = now()
          WHERE id = $1 AND status = 'reconciled' RETURNING id`,
          [input.batchId, input.by],
        ),
      );
      if (!moved.length) return;
      await this.audit.record(
        {
          entity: 'payout_batch',
          entityId: input.batchId,
          action: 'close',
          before: { status: 'reconciled' },
          after: { status: 'closed' },
          actor: finance(input.by),
        },
        m,
      );
    });
  }
}
