import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { DocumentSummaryView } from '../documents/documents.responses.js';
import { PLACEMENT_STATUSES, type PlacementStatus } from './placement.entity.js';

// Nullable columns a new record was not given are left out of the answer that creates it, so
// none of them is required.

/** A placement (输出 / 就业登记) as stored. */
export class PlacementView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty({ type: 'integer' })
  employerId: number;

  @ApiProperty({ type: 'integer', nullable: true, required: false })
  brokerId: number | null;

  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  @ApiProperty({ type: String, isArray: true, description: "the worker's categories at registration" })
  workerCategories: string[];

  @ApiProperty()
  job: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  monthlyWageFen: number;

  @ApiProperty({ description: '务工地点' })
  destination: string;

  @ApiProperty({ description: '有组织输出' })
  organised: boolean;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    required: false,
    description: 'the job order it came through by a match',
  })
  jobOrderId: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    required: false,
    description: 'the departure batch (输出批次) whose arrival registered it',
  })
  batchId: number | null;

  @ApiProperty({ enum: PLACEMENT_STATUSES })
  status: PlacementStatus;

  @ApiProperty({ type: 'string', format: 'date', description: 'last day to sign the contract' })
  deadline: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }] },
    description: "the policy values the placement's processes run under",
  })
  policy: Record<string, number | string>;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, required: false })
  endDate: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  endReason: string | null;

  @ApiProperty()
  registeredBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  registeredAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

/** A placement in the list, with the names and the days left to sign or overdue. */
export class PlacementListItem extends PlacementView {
  @ApiProperty()
  workerName: string;

  @ApiProperty()
  township: string;

  @ApiProperty()
  employerName: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'while awaiting the contract' })
  daysLeft: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'days past the deadline while unsigned' })
  daysOverdue: number | null;
}

export const PlacementPage = pageOf(PlacementListItem, 'PlacementPage');

/** 劳动合同, without its scan. */
export class ContractView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  placementId: number;

  @ApiProperty({ type: 'string', format: 'date' })
  signedOn: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null when open-ended' })
  termMonths: number | null;

  @ApiProperty()
  openEnded: boolean;

  @ApiProperty()
  fileName: string;

  @ApiProperty()
  fileMime: string;

  @ApiProperty({ type: 'integer' })
  fileSize: number;

  @ApiProperty()
  fileSha256: string;

  @ApiProperty()
  recordedBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  recordedAt: string;
}

class PlacementWorker {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'masked' })
  citizenId: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: String, isArray: true })
  categories: string[];
}

class PlacementEmployer {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty()
  creditCode: string;

  @ApiProperty()
  contactName: string;

  @ApiProperty()
  contactPhone: string;
}

class PlacementBroker {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['active', 'suspended'] })
  status: string;
}

/** The contract-deadline process as read from the workflow. */
class ContractProcessView {
  @ApiProperty({ type: 'integer' })
  placementId: number;

  @ApiProperty({ enum: PLACEMENT_STATUSES })
  stage: PlacementStatus;

  @ApiProperty({ type: 'string', format: 'date' })
  deadline: string;

  @ApiProperty({ type: 'integer' })
  deadlineDays: number;

  @ApiProperty({ type: 'string', format: 'date-time' })
  reminderAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  reminderSentAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  overdueAt: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  caseId: number | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  signedOn: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  endedOn: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  daysLeft: number | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  nextReminder: string | null;
}

/** The no-contract case of the placement, with the double wage owed so far. */
class PlacementCase {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  number: string;

  @ApiProperty()
  kind: string;

  @ApiProperty()
  status: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  openedAt: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the double-wage exposure' })
  exposure: Record<string, unknown>;
}

/** One placement with its worker, employer, broker, contract, live process, documents and case. */
export class PlacementDetail extends PlacementView {
  @ApiProperty({ type: PlacementWorker })
  worker: PlacementWorker;

  @ApiProperty({ type: 'integer', nullable: true })
  daysOverdue: number | null;

  @ApiProperty({ type: PlacementEmployer })
  employer: PlacementEmployer;

  @ApiProperty({ type: PlacementBroker, nullable: true })
  broker: PlacementBroker | null;

  @ApiProperty({ type: ContractView, nullable: true })
  contract: ContractView | null;

  @ApiProperty({ type: ContractProcessView, nullable: true, description: 'null when it could not be read' })
  process: ContractProcessView | null;

  @ApiProperty({ required: false, description: 'why the process could not be read' })
  processError?: string;

  @ApiProperty({ type: DocumentSummaryView, isArray: true })
  documents: DocumentSummaryView[];

  @ApiProperty({ type: PlacementCase, nullable: true })
  case: PlacementCase | null;
}
