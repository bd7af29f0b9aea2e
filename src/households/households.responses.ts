import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { DocumentSummaryView } from '../documents/documents.responses.js';
import { WorkerView } from '../registry/registry.responses.js';
import {
  CLEARING_MEASURES,
  HOUSEHOLD_STATUSES,
  type HouseholdStatus,
  REQUEST_CHANNELS,
  REQUEST_KINDS,
} from './household.entity.js';

/** A household (户) as stored; its status derived from its members. */
export class HouseholdView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  officeId: number;

  @ApiProperty()
  address: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'the caseworker responsible for the visits' })
  responsibleUserId: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  responsibleName: string | null;

  @ApiProperty({ enum: HOUSEHOLD_STATUSES })
  status: HouseholdStatus;

  @ApiProperty({ type: 'integer', description: 'zero-employment episodes so far' })
  episode: number;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

/** A household in the list, with its open zero-employment episode's dates. */
export class HouseholdListItem extends HouseholdView {
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'found zero-employment on' })
  foundOn: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  nextVisitDue: string | null;
}

export const HouseholdPage = pageOf(HouseholdListItem, 'HouseholdPage');

class HouseholdMemberView {
  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'masked' })
  citizenId: string;

  @ApiProperty({ enum: ['male', 'female'] })
  sex: string;

  @ApiProperty()
  relationship: string;

  @ApiProperty({ type: 'integer' })
  age: number;

  @ApiProperty()
  workingAge: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'how the member is employed',
  })
  employment: Record<string, unknown> | null;
}

/** One household with its members, employments, episodes, history, visits, contact requests, process and documents. */
export class HouseholdDetail extends HouseholdView {
  @ApiProperty({ type: HouseholdMemberView, isArray: true })
  members: HouseholdMemberView[];

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true })
  employments: Record<string, unknown>[];

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true })
  episodes: Record<string, unknown>[];

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true })
  history: Record<string, unknown>[];

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true })
  visits: Record<string, unknown>[];

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true })
  requests: Record<string, unknown>[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the support process of the open episode',
  })
  process: Record<string, unknown> | null;

  @ApiProperty({ type: DocumentSummaryView, isArray: true })
  documents: DocumentSummaryView[];
}

const nullable = (type: 'string' | 'integer' | 'boolean', extra: Record<string, unknown> = {}) =>
  ({ type, nullable: true, required: false, ...extra }) as const;

class TownshipFigures {
  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer' })
  found: number;

  @ApiProperty({ type: 'integer' })
  cleared: number;

  @ApiProperty({ type: 'integer' })
  stillZero: number;
}

class MeasureFigures {
  @ApiProperty({ enum: CLEARING_MEASURES })
  measure: string;

  @ApiProperty({ type: 'integer' })
  cleared: number;

  @ApiProperty({ type: 'number', nullable: true })
  averageDaysToClear: number | null;
}

class HouseholdFigures {
  @ApiProperty({ type: 'integer' })
  found: number;

  @ApiProperty({ type: 'integer' })
  cleared: number;

  @ApiProperty({ type: 'integer' })
  stillZero: number;

  @ApiProperty({ type: 'number', nullable: true })
  averageDaysToClear: number | null;

  @ApiProperty({ type: TownshipFigures, isArray: true })
  byTownship: TownshipFigures[];

  @ApiProperty({ type: MeasureFigures, isArray: true })
  byMeasure: MeasureFigures[];
}

class RequestFigures {
  @ApiProperty({ type: 'integer' })
  received: number;

  @ApiProperty({ type: 'integer' })
  answeredInTime: number;

  @ApiProperty({ type: 'integer' })
  answered: number;

  @ApiProperty({ type: 'integer' })
  breached: number;

  @ApiProperty({ type: 'number', nullable: true, description: 'percent, one decimal; null with no request' })
  answeredInTimeRate: number | null;
}

/** Figures of a date range: households found, cleared, still zero; requests answered in time. */
export class HouseholdSummary {
  @ApiProperty({ type: 'string', format: 'date' })
  from: string;

  @ApiProperty({ type: 'string', format: 'date' })
  to: string;

  @ApiProperty({ type: HouseholdFigures })
  households: HouseholdFigures;

  @ApiProperty({ type: RequestFigures })
  requests: RequestFigures;
}

/** A working-age member of a zero-employment household not in work (ID, phone and bank account masked). */
export class PriorityCandidate extends WorkerView {
  @ApiProperty({ type: 'integer' })
  householdId: number;

  @ApiProperty({ type: 'string', format: 'date' })
  householdFoundOn: string;

  @ApiProperty()
  zeroEmploymentHousehold: boolean;
}

export class VisitDue {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  address: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'string', nullable: true })
  responsibleName: string | null;

  @ApiProperty({ type: 'integer' })
  episode: number;

  @ApiProperty({ type: 'string', format: 'date' })
  foundOn: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  nextVisitDue: string | null;
}

class VisitLine {
  @ApiProperty({ type: 'string', format: 'date' })
  visitedOn: string;

  @ApiProperty()
  by: string;

  @ApiProperty({ type: String, isArray: true })
  offered: string[];

  @ApiProperty()
  note: string;
}

class SupportCard {
  @ApiProperty({ type: 'integer' })
  documentId: number;

  @ApiProperty()
  cardNumber: string;
}

class SupportCleared {
  @ApiProperty({ type: 'string', format: 'date' })
  clearedOn: string;

  @ApiProperty({ type: 'string', enum: CLEARING_MEASURES, nullable: true })
  measure: string | null;

  @ApiProperty()
  cause: string;

  @ApiProperty({ type: 'integer', nullable: true })
  placementId: number | null;
}

/** The state of a zero-employment episode's support process, as its workflow answers it. */
export class HouseholdSupportView {
  @ApiProperty({ type: 'integer' })
  householdId: number;

  @ApiProperty({ type: 'integer' })
  episode: number;

  @ApiProperty({ enum: ['supporting', 'cleared'] })
  stage: string;

  @ApiProperty({ type: 'string', format: 'date' })
  foundOn: string;

  @ApiProperty({ type: SupportCard, nullable: true })
  card: SupportCard | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  nextVisitDue: string | null;

  @ApiProperty({ type: VisitLine, isArray: true })
  visits: VisitLine[];

  @ApiProperty({ type: String, isArray: true })
  reminders: string[];

  @ApiProperty({ type: String, isArray: true })
  missedVisits: string[];

  @ApiProperty({ type: SupportCleared, nullable: true })
  cleared: SupportCleared | null;

  @ApiProperty({ type: 'integer', required: false, description: 'which run of the episode this is' })
  run?: number;
}

/** 摸底调查: a half-year round. */
export class SurveyRoundView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ description: '2026H2' })
  period: string;

  @ApiProperty({ type: 'string', format: 'date' })
  startsOn: string;

  @ApiProperty({ type: 'string', format: 'date' })
  endsOn: string;

  @ApiProperty({ enum: ['open', 'closed'] })
  status: string;

  @ApiProperty()
  openedBy: string;

  @ApiProperty(nullable('string'))
  closedBy: string | null;

  @ApiProperty(nullable('string', { format: 'date-time' }))
  closedAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  openedAt: string;
}

/** A household visited in a round, or with `missedReason` why it was not. */
export class SurveyVisitView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  roundId: number;

  @ApiProperty({ type: 'integer' })
  householdId: number;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  visitedOn: string | null;

  @ApiProperty()
  visitedBy: string;

  @ApiProperty({ type: 'string', enum: HOUSEHOLD_STATUSES, nullable: true })
  finding: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  missedReason: string | null;

  @ApiProperty()
  note: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;
}

class RoundTownship {
  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer' })
  households: number;

  @ApiProperty({ type: 'integer' })
  visited: number;

  @ApiProperty({ type: 'integer' })
  missed: number;

  @ApiProperty({ type: 'integer', description: 'neither visited nor missed with a reason' })
  due: number;
}

class RoundRef {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  period: string;
}

class RoundLine {
  @ApiProperty({ type: 'integer' })
  householdId: number;

  @ApiProperty()
  address: string;

  @ApiProperty()
  township: string;
}

class RoundCleared extends RoundLine {
  @ApiProperty({ type: 'string', enum: HOUSEHOLD_STATUSES, nullable: true })
  finding: string | null;
}

class RoundMissed extends RoundLine {
  @ApiProperty({ type: 'string', nullable: true, description: 'null while no reason is recorded' })
  reason: string | null;
}

/** A round's report: found, newly found, cleared since the previous round, and the households missed. */
export class SurveyRoundReport {
  @ApiProperty({ type: SurveyRoundView })
  round: SurveyRoundView;

  @ApiProperty({ type: RoundTownship, isArray: true })
  byTownship: RoundTownship[];

  @ApiProperty({ type: RoundRef, nullable: true })
  previousRound: RoundRef | null;

  @ApiProperty({ type: 'integer' })
  households: number;

  @ApiProperty({ type: 'integer' })
  visited: number;

  @ApiProperty({ type: RoundLine, isArray: true })
  zeroEmployment: RoundLine[];

  @ApiProperty({ type: RoundLine, isArray: true })
  newlyFound: RoundLine[];

  @ApiProperty({ type: RoundCleared, isArray: true })
  clearedSinceLast: RoundCleared[];

  @ApiProperty({ type: RoundMissed, isArray: true })
  missed: RoundMissed[];
}

/** 联系卡求助 as stored. */
export class ContactRequestView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  householdId: number;

  @ApiProperty(nullable('integer'))
  workerId: number | null;

  @ApiProperty()
  caller: string;

  @ApiProperty({ enum: REQUEST_CHANNELS })
  channel: string;

  @ApiProperty({ enum: REQUEST_KINDS })
  kind: string;

  @ApiProperty()
  details: string;

  @ApiProperty({ type: 'string', format: 'date' })
  receivedOn: string;

  @ApiProperty({ type: 'string', format: 'date' })
  dueOn: string;

  @ApiProperty(nullable('integer'))
  assigneeId: number | null;

  @ApiProperty(nullable('string'))
  assigneeName: string | null;

  @ApiProperty({ enum: ['open', 'answered'] })
  status: string;

  @ApiProperty()
  reminded: boolean;

  @ApiProperty()
  breached: boolean;

  @ApiProperty(nullable('string', { format: 'date' }))
  answeredOn: string | null;

  @ApiProperty(nullable('string'))
  offered: string | null;

  @ApiProperty(nullable('boolean'))
  accepted: boolean | null;

  @ApiProperty(nullable('string'))
  answerNote: string | null;

  @ApiProperty(nullable('string'))
  answeredBy: string | null;

  @ApiProperty({ ...nullable('integer'), description: 'the rights case a rights request opened' })
  caseId: number | null;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
}

export class ContactRequestListItem extends ContactRequestView {
  @ApiProperty()
  address: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'days to the due day while open' })
  daysLeft: number | null;
}

export const ContactRequestPage = pageOf(ContactRequestListItem, 'ContactRequestPage');

export class ContactRequestDue {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  householdId: number;

  @ApiProperty()
  address: string;

  @ApiProperty()
  caller: string;

  @ApiProperty({ enum: REQUEST_KINDS })
  kind: string;

  @ApiProperty({ type: 'string', format: 'date' })
  receivedOn: string;

  @ApiProperty({ type: 'string', format: 'date' })
  dueOn: string;

  @ApiProperty()
  breached: boolean;

  @ApiProperty({ type: 'string', nullable: true })
  assigneeName: string | null;
}

class RequestAnswer {
  @ApiProperty()
  by: string;

  @ApiProperty()
  offered: string;

  @ApiProperty()
  accepted: boolean;

  @ApiProperty({ required: false })
  note?: string;

  @ApiProperty({
    type: 'integer',
    required: false,
    description: 'when the answer is the acknowledgement of the rights case',
  })
  caseId?: number;

  @ApiProperty({ type: 'string', format: 'date' })
  answeredOn: string;
}

/** The state of a request's process, as its workflow answers it. */
export class ContactRequestProcess {
  @ApiProperty({ type: 'integer' })
  requestId: number;

  @ApiProperty({ enum: ['open', 'answered'] })
  stage: string;

  @ApiProperty({ type: 'string', format: 'date' })
  receivedOn: string;

  @ApiProperty({ type: 'string', format: 'date' })
  dueOn: string;

  @ApiProperty({ type: 'string', nullable: true })
  remindedAt: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  breachedAt: string | null;

  @ApiProperty({ type: RequestAnswer, nullable: true })
  answer: RequestAnswer | null;
}

export class ContactRequestDetail extends ContactRequestView {
  @ApiProperty({ type: ContactRequestProcess, nullable: true })
  process: ContactRequestProcess | null;
}
