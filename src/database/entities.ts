import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuthSession } from '../auth/session.entity.js';
import { LoginAddressThrottle, LoginThrottle } from '../auth/login-throttle.entity.js';
import { User } from '../auth/user.entity.js';
import { CalendarDay } from '../calendar/calendar-day.entity.js';
import { CalendarYear, CalendarYearLoad, WorkingDayDeadline } from '../calendar/calendar-year.entity.js';
import {
  CaseAttachment,
  CaseEvent,
  CaseNote,
  CaseWorker,
  LimitationInterruption,
  RightsCase,
} from '../cases/case.entity.js';
import { ClaimEvent, Payout, SubsidyClaim } from '../claims/claim.entity.js';
import { Referral } from '../referrals/referral.entity.js';
import { FollowUpCheckIn, FollowUpPlan } from '../followups/follow-up.entity.js';
import {
  FundingLine,
  PayoutBatch,
  PayoutFile,
  PayoutLine,
  PayoutObjection,
  PayoutReturn,
} from '../payouts/payout.entity.js';
import {
  ContactRequest,
  Household,
  HouseholdEmployment,
  HouseholdEpisode,
  HouseholdEvent,
  HouseholdMember,
  HouseholdVisit,
  SurveyRound,
  SurveyVisit,
} from '../households/household.entity.js';
import { DocumentPdf, DocumentRecord, NumberCounter } from '../documents/document.entity.js';
import { Contract, Placement } from '../placements/placement.entity.js';
import { PolicyValue } from '../policy/policy-value.entity.js';
import { StaffTask } from '../tasks/task.entity.js';
import { Broker, BrokerStatusChange } from '../registry/broker.entity.js';
import { ConsoleSubmission } from '../console/submission.entity.js';
import { Employer } from '../registry/employer.entity.js';
import { Township } from '../registry/township.entity.js';
import { Office } from '../offices/office.entity.js';
import { Course, Enrollment, TrainingProvider } from '../registry/training.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { JobOrder } from '../jobs/job-order.entity.js';
import { JobSeeker } from '../jobs/job-seeker.entity.js';
import { JobProposal } from '../jobs/job-proposal.entity.js';
import { DepartureBatch, DepartureBatchMember } from '../departures/departure-batch.entity.js';
import { ClassStartReport } from '../training/class-start-report.entity.js';
import { LedgerImport, LedgerImportRow, LedgerReconciliation } from '../ledgers/ledger.entity.js';

/**
 * Every TypeORM entity, in one list: the Nest module and the migration CLI both use it,
 * so `migration:generate` always sees the whole model.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
export const entities: Function[] = [
  AuditEntry,
  ClassStartReport,
  FollowUpPlan,
  FollowUpCheckIn,
  DepartureBatch,
  DepartureBatchMember,
  Office,
  User,
  AuthSession,
  LoginThrottle,
  LoginAddressThrottle,
  PolicyValue,
  Township,
  Worker,
  Employer,
  Broker,
  BrokerStatusChange,
  TrainingProvider,
  Course,
  Enrollment,
  DocumentRecord,
  DocumentPdf,
  NumberCounter,
  Placement,
  Contract,
  RightsCase,
  CaseEvent,
  StaffTask,
  CalendarDay,
  CalendarYear,
  CalendarYearLoad,
  WorkingDayDeadline,
  SubsidyClaim,
  ClaimEvent,
  Payout,
  FundingLine,
  PayoutBatch,
  PayoutLine,
  PayoutFile,
  PayoutReturn,
  PayoutObjection,
  Referral,
  CaseWorker,
  CaseNote,
  CaseAttachment,
  LimitationInterruption,
  ConsoleSubmission,
  LedgerImport,
  LedgerImportRow,
  LedgerReconciliation,
  Household,
  HouseholdMember,
  HouseholdEmployment,
  HouseholdEpisode,
  HouseholdEvent,
  HouseholdVisit,
  SurveyRound,
  SurveyVisit,
  ContactRequest,
  JobOrder,
  JobSeeker,
  JobProposal,
];
