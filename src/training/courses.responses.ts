import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_STATUSES } from '../claims/claim.entity.js';
import { pageOf } from '../common/paging.responses.js';
import { COURSE_MODES, type CourseMode, SUBSIDY_PAYEES, type SubsidyPayee } from '../registry/training.entity.js';

// Nullable columns a new record was not given are left out of the answer that creates it, so
// none of them is required.

/** A training provider; its bank account masked to the last four digits. */
export class TrainingProviderView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'string', nullable: true, required: false, description: 'unified social credit code' })
  creditCode: string | null;

  @ApiProperty()
  contactName: string;

  @ApiProperty()
  contactPhone: string;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  bankName: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false, description: 'masked: only the last four digits' })
  bankAccount: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

/** A course (培训班). */
export class CourseView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  providerId: number;

  @ApiProperty()
  name: string;

  @ApiProperty()
  specialty: string;

  @ApiProperty({ enum: COURSE_MODES })
  mode: CourseMode;

  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  @ApiProperty({ type: 'string', format: 'date' })
  endDate: string;

  @ApiProperty({ type: 'integer' })
  hours: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  subsidyPerTraineeFen: number;

  @ApiProperty({ description: "whether its trainees' subsidy needs the 开班报告 approved before the start" })
  classStartReportRequired: boolean;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    required: false,
    description: '结业; null: not yet',
  })
  completedAt: string | null;

  @ApiProperty({ enum: SUBSIDY_PAYEES })
  payee: SubsidyPayee;

  @ApiProperty({ type: 'integer', nullable: true, required: false })
  orderingEmployerId: number | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

/** A course in the list, with its provider. */
export class CourseListItem extends CourseView {
  @ApiProperty({ type: TrainingProviderView })
  provider: TrainingProviderView;
}

export const CoursePage = pageOf(CourseListItem, 'CoursePage');

class UncountedPlacementView {
  @ApiProperty({ type: 'integer' })
  placementId: number;

  @ApiProperty()
  employerName: string;

  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  @ApiProperty({ description: 'why it does not count, in Chinese' })
  reason: string;
}

/** A worker enrolled in a course (学员), with the state of their training subsidy. */
export class EnrollmentView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  courseId: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty({ type: 'string', format: 'date' })
  enrolledOn: string;

  @ApiProperty({ enum: ['enrolled', 'completed', 'not_completed'] })
  status: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  subsidyFen: number;

  @ApiProperty({ type: 'integer', nullable: true, required: false })
  sessionsAttended: number | null;

  @ApiProperty({ type: 'integer', nullable: true, required: false })
  sessionsTotal: number | null;

  @ApiProperty({ type: 'string', enum: ['pass', 'fail'], nullable: true, required: false })
  assessment: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  certificateNo: string | null;

  @ApiProperty({ type: 'string', enum: ['completed', 'not_completed'], nullable: true, required: false })
  completion: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  completionReason: string | null;

  @ApiProperty({ enum: ['waiting_completion', 'not_eligible', 'awaiting_placement', 'lapsed', 'claimed'] })
  subsidyStatus: string;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  subsidyReason: string | null;

  @ApiProperty({ type: UncountedPlacementView, isArray: true })
  uncountedPlacements: UncountedPlacementView[];

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

class EnrolledWorker {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'masked' })
  citizenId: string;

  @ApiProperty()
  township: string;
}

/** An enrolment in the course's list, with the trainee. */
export class EnrollmentListItem extends EnrollmentView {
  @ApiProperty({ type: EnrolledWorker })
  worker: EnrolledWorker;
}

class ReportedTeacherView {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'string', nullable: true })
  qualification: string | null;
}

class ReportedTraineeView {
  @ApiProperty({ type: 'integer' })
  enrollmentId: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  name: string;
}

/** A course's 开班报告 and the decision on it. */
export class ClassStartReportResponse {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  courseId: number;

  @ApiProperty()
  plan: string;

  @ApiProperty({ type: [ReportedTeacherView] })
  teachers: ReportedTeacherView[];

  @ApiProperty({ type: [ReportedTraineeView], description: 'the trainees enrolled when it was reported' })
  trainees: ReportedTraineeView[];

  @ApiProperty({ enum: ['submitted', 'approved', 'rejected'] })
  status: string;

  @ApiProperty({ description: 'login of who reported it' })
  submittedBy: string;

  @ApiProperty({ type: 'string', nullable: true })
  submittedByName: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  submittedAt: string;

  @ApiProperty({ type: 'integer', description: 'the working days ahead the policy asked for' })
  leadWorkingDays: number;

  @ApiProperty({ type: 'string', nullable: true })
  decidedBy: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  decidedByName: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'why it was returned' })
  decisionReason: string | null;

  @ApiProperty({ description: 'approved before the course started: only then does the course produce subsidy claims' })
  approvedInTime: boolean;

  @ApiProperty({ type: 'integer' })
  version: number;
}

/** The state of an enrolment's training-subsidy process, as its workflow answers it. */
class TrainingSubsidyProcess {
  @ApiProperty({ type: 'integer' })
  enrollmentId: number;

  @ApiProperty({
    enum: ['waiting_completion', 'not_eligible', 'awaiting_placement', 'lapsed', 'claimed', 'cancelled'],
  })
  stage: string;

  @ApiProperty({ type: 'string', nullable: true })
  reason: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'the last day a placement counts' })
  windowEnds: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  placementId: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  claimId: number | null;

  @ApiProperty({ type: 'string', enum: CLAIM_STATUSES, nullable: true })
  claimStatus: string | null;
}

/** An enrolment with its subsidy process (null when none runs, yet or any more). */
export class EnrollmentDetail extends EnrollmentView {
  @ApiProperty({ type: TrainingSubsidyProcess, nullable: true })
  process: TrainingSubsidyProcess | null;
}

class CompletionResult {
  @ApiProperty({ type: 'integer' })
  enrollmentId: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty({ enum: ['completed', 'not_completed'] })
  completion: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'why not completed' })
  reason: string | null;
}

/** A course marked completed: each trainee completed or not, and why. */
export class CourseCompletion {
  @ApiProperty({ type: 'integer' })
  courseId: number;

  @ApiProperty({ type: CompletionResult, isArray: true })
  results: CompletionResult[];
}
