/** Every workflow the worker runs; one file per long-running process (DESIGN.md). */
export { caseEscalation } from './case-escalation.js';
export { claimApproval } from './claim-approval.js';
export { contractDeadline } from './contract-deadline.js';
export { referralPayout } from './referral-payout.js';
export { trainingSubsidy } from './training-subsidy.js';
export { ledgerImport } from './ledger-import.js';
export { contactRequest } from './contact-request.js';
export { householdSupport } from './household-support.js';
export { followUpPlan } from './follow-up.js';
export { openSurveyRound, monthlyReportTask, calendarCoverageCheck, purgeExpiredSessions } from './scheduled.js';
export { payoutBatch } from './payout-batch.js';
export { jobOrder } from './job-order.js';
export { departureBatch } from './departure-batch.js';
