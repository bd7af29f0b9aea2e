import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { CHECKIN_METHODS, CHECKIN_PROBLEMS, CHECKIN_STATUSES, RETURN_REASONS } from './follow-up.entity.js';

export class FollowUpCaseRef {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ description: '案件编号' })
  number: string;

  @ApiProperty()
  kind: string;

  @ApiProperty()
  status: string;
}

/** A check-in: planned by the plan (seq, due day) and, once made, what it found. */
export class CheckInView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  placementId: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null: a check-in outside the plan' })
  seq: number | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  dueOn: string | null;

  @ApiProperty({ enum: CHECKIN_STATUSES })
  status: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'reported to the section head' })
  escalatedOn: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  doneOn: string | null;

  @ApiProperty({ enum: CHECKIN_METHODS, nullable: true })
  method: string | null;

  @ApiProperty({ type: 'boolean', nullable: true })
  contractSigned: boolean | null;

  @ApiProperty({ type: 'boolean', nullable: true })
  wagesOnTime: boolean | null;

  @ApiProperty({ type: 'boolean', nullable: true })
  wagesInFull: boolean | null;

  @ApiProperty({ type: 'integer', nullable: true })
  weeklyHours: number | null;

  @ApiProperty({ type: 'boolean', nullable: true })
  housingOk: boolean | null;

  @ApiProperty({ type: 'boolean', nullable: true })
  safetyOk: boolean | null;

  @ApiProperty({ enum: CHECKIN_PROBLEMS, isArray: true })
  problems: string[];

  @ApiProperty({ type: 'string', nullable: true })
  notes: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  workerWords: string | null;

  @ApiProperty({ type: 'integer', isArray: true })
  caseIds: number[];

  @ApiProperty({ type: FollowUpCaseRef, isArray: true, description: 'the rights cases it opened' })
  cases: FollowUpCaseRef[];

  @ApiProperty({ type: 'string', nullable: true })
  recordedBy: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'who recorded it, by name' })
  recordedByName: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  recordedAt: Date | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: Date;
}

/** A placement's follow-up plan with its check-ins. */
export class FollowUpPlanView {
  @ApiProperty({ type: 'integer' })
  placementId: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ enum: ['active', 'ended'] })
  status: string;

  @ApiProperty({ type: 'string', format: 'date' })
  startedOn: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the intervals it started under' })
  policy: Record<string, unknown>;

  @ApiProperty({ type: 'integer', nullable: true })
  officerId: number | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'the follow-up officer, by name' })
  officerName: string | null;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  endedOn: string | null;

  @ApiProperty({ enum: RETURN_REASONS, nullable: true })
  returnReason: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  returnNote: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  returnRecordedBy: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  returnRecordedByName: string | null;

  @ApiProperty({ type: CheckInView, isArray: true })
  checkIns: CheckInView[];

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: Date;
}

export class DueCheckInView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  placementId: number;

  @ApiProperty({ type: 'integer' })
  seq: number;

  @ApiProperty({ type: 'string', format: 'date' })
  dueOn: string;

  @ApiProperty({ enum: ['planned', 'due', 'missed'] })
  status: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  escalatedOn: string | null;

  @ApiProperty({ type: 'integer', description: 'negative: overdue by that many days' })
  daysLeft: number;

  @ApiProperty()
  workerName: string;

  @ApiProperty()
  township: string;

  @ApiProperty()
  employerName: string;

  @ApiProperty()
  destination: string;

  @ApiProperty({ type: 'string', nullable: true })
  officerName: string | null;
}

export const DueCheckInPage = pageOf(DueCheckInView, 'DueCheckInPage');
