/**
 * What colour each status wears on a page, in one place, so that green means the same
 * everywhere: ok = done or in order, wait = waiting or due soon, bad = overdue or refused,
 * neutral = closed or nothing to say, progress = being worked on. The kinds are the status
 * groups of labels.ts (plus a few the console alone shows: tasks, calendar loads).
 */
export type Tone = 'ok' | 'wait' | 'bad' | 'neutral' | 'progress';

export const TONES: Record<string, Record<string, Tone>> = {
  brokerStatus: { active: 'ok', suspended: 'bad' },
  placementStatus: { awaiting_contract: 'wait', contract_signed: 'ok', overdue: 'bad', ended: 'neutral' },
  claimStatus: {
    awaiting_approval: 'wait',
    returned: 'wait',
    approved: 'progress',
    rejected: 'bad',
    in_batch: 'progress',
    held: 'wait',
    paid: 'ok',
    payment_failed: 'bad',
  },
  referralStatus: {
    waiting_contract: 'progress',
    retention_check: 'progress',
    ineligible: 'bad',
    ended: 'neutral',
    awaiting_approval: 'wait',
    returned: 'wait',
    approved: 'progress',
    rejected: 'bad',
    paid: 'ok',
  },
  caseStatus: { open: 'progress', closed: 'neutral' },
  /** A case's nearest deadline (labels' `badge`). */
  badge: { on_track: 'ok', due_soon: 'wait', breached: 'bad', none: 'neutral' },
  limitationStatus: { running: 'ok', warned: 'wait', expired: 'bad', arbitration: 'progress', none: 'neutral' },
  courseStatus: { not_started: 'neutral', in_progress: 'progress', ended: 'wait', completed: 'ok' },
  payoutBatchStatus: {
    built: 'wait',
    approved: 'progress',
    awaiting_bank: 'wait',
    reconciled: 'ok',
    closed: 'neutral',
    cancelled: 'neutral',
  },
  payoutLineStatus: { pending: 'wait', sent: 'progress', paid: 'ok', failed: 'bad', dropped: 'neutral' },
  objectionStatus: { open: 'wait', upheld: 'bad', dismissed: 'ok' },
  classStartReportStatus: { submitted: 'wait', approved: 'ok', rejected: 'bad' },
  enrollmentStatus: { enrolled: 'progress', completed: 'ok', not_completed: 'bad' },
  trainingSubsidyStatus: {
    waiting_completion: 'progress',
    not_eligible: 'bad',
    awaiting_placement: 'wait',
    lapsed: 'bad',
    claimed: 'ok',
  },
  householdStatus: { employed: 'ok', zero_employment: 'bad', no_working_age: 'neutral' },
  requestStatus: { open: 'wait', answered: 'ok' },
  checkInStatus: { planned: 'neutral', due: 'wait', missed: 'bad', done: 'ok', cancelled: 'neutral' },
  followUpStatus: { active: 'progress', ended: 'neutral' },
  surveyRoundStatus: { open: 'progress', closed: 'neutral' },
  importStatus: { preview: 'wait', running: 'progress', completed: 'ok', failed: 'bad' },
  rowAction: { create: 'ok', update: 'progress', unchanged: 'neutral', reject: 'bad' },
  taskStatus: { open: 'progress', done: 'neutral', overdue: 'bad', due: 'wait' },
  calendarLoad: { preview: 'wait', confirmed: 'ok' },
  jobOrderStatus: { open: 'progress', partly_filled: 'progress', filled: 'ok', closed: 'neutral', expired: 'neutral' },
  jobSeekerStatus: { active: 'ok', lapsed: 'wait', withdrawn: 'neutral' },
  jobProposalStatus: { proposed: 'wait', accepted: 'progress', refused: 'bad', started: 'ok' },
  batchStatus: { planned: 'wait', departed: 'progress', arrived: 'ok', cancelled: 'neutral' },
  batchMemberStatus: {
    listed: 'wait',
    dropped: 'neutral',
    departed: 'progress',
    stayed: 'neutral',
    arrived: 'ok',
    not_arrived: 'bad',
  },
};

/** The tone of a status of a kind; an unknown kind or status is neutral rather than a guess. */
export function toneOf(kind: string, status: unknown): Tone {
  return TONES[kind]?.[String(status)] ?? 'neutral';
}

/** The classes of a status tag: `tag tone-ok` and so on, styled once in the console's layout. */
export function tagClass(kind: string, status: unknown): string {
  return `tag tone-${toneOf(kind, status)}`;
}
