import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { WORKER_CATEGORIES, type WorkerCategory } from '../registry/worker.entity.js';
import { JOB_ORDER_STATUSES, type JobOrderStatus } from './job-order.entity.js';
import { JOB_PROPOSAL_STATUSES, type JobProposalStatus } from './job-proposal.entity.js';
import {
  JOB_SEEKER_SOURCES,
  JOB_SEEKER_STATUSES,
  type JobSeekerSource,
  type JobSeekerStatus,
} from './job-seeker.entity.js';

// Nullable columns a new record was not given may be left out, so none of them is required.
const optionalDate = { type: 'string', format: 'date', nullable: true, required: false } as const;
const optionalText = { type: 'string', nullable: true, required: false } as const;
const optionalInt = { type: 'integer', nullable: true, required: false } as const;

/** A job order (用工需求) with its employer's and its taker's names. */
export class JobOrderView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  employerId: number;

  @ApiProperty()
  employerName: string;

  @ApiProperty()
  job: string;

  @ApiProperty({ type: 'integer' })
  headcount: number;

  @ApiProperty({ type: 'integer', description: 'placed through this order' })
  filled: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  wageMinFen: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  wageMaxFen: number;

  @ApiProperty()
  destination: string;

  @ApiProperty(optionalText)
  township: string | null;

  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  @ApiProperty(optionalDate)
  endDate: string | null;

  @ApiProperty(optionalInt)
  ageMin: number | null;

  @ApiProperty(optionalInt)
  ageMax: number | null;

  @ApiProperty({ enum: ['male', 'female'], nullable: true, required: false })
  sex: 'male' | 'female' | null;

  @ApiProperty(optionalText)
  sexReason: string | null;

  @ApiProperty({ type: String, isArray: true })
  skills: string[];

  @ApiProperty({ type: String, isArray: true })
  certificates: string[];

  @ApiProperty()
  board: boolean;

  @ApiProperty()
  lodging: boolean;

  @ApiProperty()
  contactName: string;

  @ApiProperty()
  contactPhone: string;

  @ApiProperty(optionalText)
  agreement: string | null;

  @ApiProperty(optionalText)
  notes: string | null;

  @ApiProperty({ type: 'integer' })
  takenById: number;

  @ApiProperty({ type: 'string', nullable: true, description: "the taker's display name" })
  takenByName: string | null;

  @ApiProperty({ enum: JOB_ORDER_STATUSES })
  status: JobOrderStatus;

  @ApiProperty(optionalDate)
  closedOn: string | null;

  @ApiProperty(optionalText)
  closedReason: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }] },
    description: "the policy values the order's process runs under",
  })
  policy: Record<string, number | string>;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

export const JobOrderPage = pageOf(JobOrderView, 'JobOrderPage');

/** The order's process as it stands. */
export class JobOrderProcessView {
  @ApiProperty({ type: 'integer' })
  orderId: number;

  @ApiProperty({ enum: ['open', 'closed', 'expired'] })
  stage: 'open' | 'closed' | 'expired';

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  staffingCheckAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  staffingCheckedAt: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'people short at the check' })
  shortBy: number | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  expiresAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  closedAt: string | null;
}

export class JobOrderDetail extends JobOrderView {
  @ApiProperty({ type: JobOrderProcessView, nullable: true })
  process: JobOrderProcessView | null;

  @ApiProperty({ required: false, description: 'why there is no process state' })
  processError?: string;
}

/** A 求职登记 with its worker's name, township, sex, age and groups, and its status today. */
export class JobSeekerView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  workerName: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ enum: ['male', 'female'] })
  sex: 'male' | 'female';

  @ApiProperty({ type: 'integer' })
  age: number;

  @ApiProperty({ enum: WORKER_CATEGORIES, isArray: true })
  categories: WorkerCategory[];

  @ApiProperty({ type: String, isArray: true })
  jobs: string[];

  @ApiProperty({ type: String, isArray: true, description: 'none: anywhere' })
  destinations: string[];

  @ApiProperty(optionalInt)
  expectedWageFen: number | null;

  @ApiProperty({ type: 'string', format: 'date' })
  availableFrom: string;

  @ApiProperty()
  wantsTraining: boolean;

  @ApiProperty({ enum: JOB_SEEKER_SOURCES })
  source: JobSeekerSource;

  @ApiProperty({ enum: JOB_SEEKER_STATUSES })
  status: JobSeekerStatus;

  @ApiProperty({ type: 'string', format: 'date' })
  registeredOn: string;

  @ApiProperty({ type: 'string', format: 'date' })
  validUntil: string;

  @ApiProperty(optionalDate)
  withdrawnOn: string | null;

  @ApiProperty(optionalText)
  withdrawnReason: string | null;

  @ApiProperty(optionalText)
  notes: string | null;

  @ApiProperty()
  registeredBy: string;

  @ApiProperty({ type: 'string', nullable: true })
  registeredByName: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

export const JobSeekerPage = pageOf(JobSeekerView, 'JobSeekerPage');

/** A candidate for an order: who, which priority groups, how well they fit and why. */
export class CandidateView {
  @ApiProperty({ type: 'integer' })
  seekerId: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  workerName: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ enum: ['male', 'female'] })
  sex: 'male' | 'female';

  @ApiProperty({ type: 'integer', description: 'age on the start day' })
  age: number;

  @ApiProperty({ enum: WORKER_CATEGORIES, isArray: true })
  categories: string[];

  @ApiProperty({ description: 'in a priority group (zero-employment household, 4050, laid-off)' })
  priority: boolean;

  @ApiProperty({ type: String, isArray: true, description: 'the priority groups, in Chinese' })
  priorityGroups: string[];

  @ApiProperty({ type: 'integer' })
  score: number;

  @ApiProperty({ type: String, isArray: true, description: 'why they rank where they do, in Chinese' })
  reasons: string[];

  @ApiProperty({ type: 'string', format: 'date' })
  availableFrom: string;

  @ApiProperty({ type: 'integer', nullable: true })
  expectedWageFen: number | null;
}

export class CandidateList {
  @ApiProperty({ type: 'integer' })
  orderId: number;

  @ApiProperty({ type: CandidateView, isArray: true, description: 'the best 50, priority groups first' })
  items: CandidateView[];

  @ApiProperty({ type: 'integer', description: 'registered seekers not yet proposed nor placed' })
  considered: number;

  @ApiProperty({ type: 'integer', description: "of them, outside the order's age or sex rule" })
  notEligible: number;
}

/** A proposal (推荐) for an order and the employer's answer. */
export class ProposalView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  orderId: number;

  @ApiProperty()
  job: string;

  @ApiProperty()
  employerName: string;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  workerName: string;

  @ApiProperty()
  township: string;

  @ApiProperty(optionalInt)
  seekerId: number | null;

  @ApiProperty(optionalInt)
  brokerId: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  brokerName: string | null;

  @ApiProperty()
  priority: boolean;

  @ApiProperty({ type: String, isArray: true })
  categories: string[];

  @ApiProperty({ type: String, isArray: true })
  reasons: string[];

  @ApiProperty({ enum: JOB_PROPOSAL_STATUSES })
  status: JobProposalStatus;

  @ApiProperty({ type: 'string', format: 'date' })
  proposedOn: string;

  @ApiProperty()
  proposedBy: string;

  @ApiProperty({ type: 'string', nullable: true })
  proposedByName: string | null;

  @ApiProperty(optionalDate)
  answeredOn: string | null;

  @ApiProperty(optionalText)
  answeredBy: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  answeredByName: string | null;

  @ApiProperty(optionalText)
  refusalReason: string | null;

  @ApiProperty(optionalInt)
  placementId: number | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

export const ProposalPage = pageOf(ProposalView, 'JobProposalPage');

/** An open order as published: no personal data, no employer contact or internals. */
export class PublicJobView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  county: string;

  @ApiProperty({ description: 'apply at: the county bureau' })
  applyTo: string;

  @ApiProperty({ type: 'string', nullable: true })
  applyPhone: string | null;

  @ApiProperty()
  employerName: string;

  @ApiProperty()
  job: string;

  @ApiProperty({ type: 'integer', description: 'people still wanted' })
  openings: number;

  @ApiProperty({ type: 'integer' })
  wageMinFen: number;

  @ApiProperty({ type: 'integer' })
  wageMaxFen: number;

  @ApiProperty({ description: 'monthly wage as printed' })
  wage: string;

  @ApiProperty()
  destination: string;

  @ApiProperty({ type: 'string', nullable: true })
  township: string | null;

  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  endDate: string | null;

  @ApiProperty({ description: 'age, sex where lawful, skills, certificates, in Chinese' })
  requirements: string;

  @ApiProperty()
  board: boolean;

  @ApiProperty()
  lodging: boolean;

  @ApiProperty({ description: 'board and lodging, in Chinese' })
  terms: string;
}

export class PublicJobList {
  @ApiProperty({ type: PublicJobView, isArray: true })
  items: PublicJobView[];

  @ApiProperty({ type: 'string', format: 'date' })
  asOf: string;
}
