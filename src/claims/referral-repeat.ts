/**
 * The 80-yuan referral subsidy is paid at most once per worker in any window of
 * `referral.repeat_window_months` (DESIGN.md process 3), whichever broker referred them.
 *
 * Two referral claims fall in one window when their placements' start dates (确立劳动关系之日)
 * are less than the window apart: a date fixed when the claim is made, not one that moves with
 * when finance happens to pay. Every referral claim of the worker counts unless it was rejected
 * (awaiting approval, returned, approved, paid). Of two such claims the one prepared first (the
 * lower id) stands and the later one is the repeat.
 *
 * It is held in the database: whoever writes a referral claim, an approval of one or its payout
 * first locks the worker's row in the same transaction ({@link lockWorkerForReferral}), so two
 * assessments or approvals of one worker at once are judged one after the other.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager } from 'typeorm';
import { addMonths } from '../common/dates.js';
import { label } from '../common/labels.js';
import { ReferralErrors } from './claims.errors.js';

export interface EarlierReferralClaim {
  id: number;
  number: string;
  status: string;
  /** Start date of the earlier claim's placement. */
  startDate: string;
}

/** Held until the transaction ends; NO KEY, so rows that merely reference the worker are not held up. */
export async function lockWorkerForReferral(m: EntityManager, workerId: number): Promise<void> {
  const rows = await m.query(`SELECT id FROM workers WHERE id = $1 FOR NO KEY UPDATE`, [workerId]);
  if (!rows.length) throw ApplicationFailure.nonRetryable(`worker ${workerId} does not exist`, 'WORKER_NOT_FOUND');
}

/**
 * The worker's referral claim (not rejected, of another placement) whose placement started less
 * than `windowMonths` before or after `startDate`; with `preparedBefore`, only claims prepared
 * before that one. The earliest prepared first.
 */
export async function earlierReferralClaim(
  m: EntityManager,
  q: { workerId: number; placementId: number; startDate: string; windowMonths: number; preparedBefore?: number },
): Promise<EarlierReferralClaim | null> {
  const [row]: EarlierReferralClaim[] = await m.query(
    `SELECT c.id, c.number, c.status, to_char(p."startDate", 'YYYY-MM-DD') AS "startDate"
       FROM claims c JOIN placements p ON p.id = c."placementId"
      WHERE c.kind = 'referral' AND c."workerId" = $1 AND c."placementId" <> $2 AND c.status <> 'rejected'
        AND p."startDate" > $3 AND p."startDate" < $4 AND ($5::int IS NULL OR c.id < $5)
      ORDER BY c.id LIMIT 1`,
    [
      q.workerId,
      q.placementId,
      addMonths(q.startDate, -q.windowMonths),
      addMonths(q.startDate, q.windowMonths),
      q.preparedBefore ?? null,
    ],
  );
  return row ?? null;
}

/** The reason a bureau user reads, naming the earlier claim by its number and its placement's date. */
export function repeatReason(earlier: EarlierReferralClaim, startDate: string, windowMonths: number): string {
  return ReferralErrors.REPEAT({
    number: earlier.number,
    earlierStartDate: earlier.startDate,
    status: label('claimStatus', earlier.status),
    startDate,
    windowMonths,
  }).message;
}

/** The window a placement's referral runs under: the policy copied at its registration. */
export function repeatWindowOf(placement: { id: number; policy: Record<string, number | string> }): number {
  const months = placement.policy['referral.repeat_window_months'];
  if (months === undefined)
    throw ApplicationFailure.nonRetryable(
      `placement ${placement.id} has no referral policy`,
      'REFERRAL_POLICY_MISSING',
    );
  return Number(months);
}
