import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { DocumentSummaryView } from '../documents/documents.responses.js';
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from './household.entity.js';

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
