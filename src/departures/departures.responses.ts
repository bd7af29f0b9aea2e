import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { BATCH_STATUSES, DROP_REASONS, MEMBER_STATUSES, TRANSPORTS } from './departure-batch.entity.js';

const nullableDate = { type: 'string', format: 'date', nullable: true, required: false } as const;
const nullableString = { type: 'string', nullable: true, required: false } as const;
const nullableInt = { type: 'integer', nullable: true, required: false } as const;

/** A departure batch (输出批次) as stored. */
export class DepartureBatchView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ description: '批次名称' })
  name: string;

  @ApiProperty()
  destination: string;

  @ApiProperty({ type: 'string', format: 'date' })
  departureDate: string;

  @ApiProperty()
  meetingPoint: string;

  @ApiProperty({ ...nullableString, description: 'HH:MM, Shanghai time' })
  meetingTime: string | null;

  @ApiProperty({ enum: TRANSPORTS })
  transport: string;

  @ApiProperty({ ...nullableString, description: '车次、航班或车牌' })
  transportNote: string | null;

  @ApiProperty({ ...nullableInt, description: 'the leading caseworker (user), or null when a broker leads' })
  leaderUserId: number | null;

  @ApiProperty(nullableInt)
  leaderBrokerId: number | null;

  @ApiProperty({ type: 'integer', isArray: true })
  jobOrderIds: number[];

  @ApiProperty({ type: 'integer', isArray: true })
  employerIds: number[];

  @ApiProperty(nullableInt)
  courseId: number | null;

  @ApiProperty(nullableString)
  job: string | null;

  @ApiProperty({ ...nullableInt, description: 'fen' })
  monthlyWageFen: number | null;

  @ApiProperty(nullableString)
  notes: string | null;

  @ApiProperty({ enum: BATCH_STATUSES })
  status: string;

  @ApiProperty(nullableDate)
  departedOn: string | null;

  @ApiProperty(nullableString)
  departedBy: string | null;

  @ApiProperty(nullableDate)
  arrivedOn: string | null;

  @ApiProperty(nullableString)
  arrivedBy: string | null;

  @ApiProperty(nullableString)
  cancelledReason: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }] },
    description: "the policy values the batch's process runs under",
  })
  policy: Record<string, number | string>;

  @ApiProperty()
  createdBy: string;

  @ApiProperty(nullableInt)
  createdById: number | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

export class DepartureBatchListItem extends DepartureBatchView {
  @ApiProperty({ description: "the leader's name, — when not found" })
  leaderName: string;

  @ApiProperty({ type: 'integer', description: 'members not dropped' })
  members: number;
}

export const DepartureBatchPage = pageOf(DepartureBatchListItem, 'DepartureBatchPage');

class DepartureLeader {
  @ApiProperty({ enum: ['user', 'broker'] })
  kind: string;

  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'string', nullable: true })
  phone: string | null;
}

class DepartureOrder {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  job: string;

  @ApiProperty()
  employerName: string;

  @ApiProperty({ type: 'integer' })
  headcount: number;

  @ApiProperty()
  status: string;
}

class DepartureEmployer {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;
}

class DepartureCourse {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  @ApiProperty({ type: 'string', format: 'date' })
  endDate: string;
}

/** One roster line; ID numbers always masked, phones masked for those who see no full personal data. */
class DepartureMember {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  workerName: string;

  @ApiProperty({ enum: ['male', 'female'] })
  sex: string;

  @ApiProperty({ description: 'masked' })
  citizenId: string;

  @ApiProperty({ description: 'masked unless the role sees full personal data' })
  phone: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer' })
  employerId: number;

  @ApiProperty()
  employerName: string;

  @ApiProperty({ type: 'integer', nullable: true })
  jobOrderId: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  proposalId: number | null;

  @ApiProperty()
  job: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  monthlyWageFen: number;

  @ApiProperty()
  emergencyName: string;

  @ApiProperty()
  emergencyRelation: string;

  @ApiProperty({ description: 'masked unless the role sees full personal data' })
  emergencyPhone: string;

  @ApiProperty({ enum: MEMBER_STATUSES })
  status: string;

  @ApiProperty({ type: 'string', enum: DROP_REASONS, nullable: true })
  dropReason: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  dropNote: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  droppedOn: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  arrivedOn: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'the placement its arrival registered' })
  placementId: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  registrationError: string | null;
}

class DepartureCounts {
  @ApiProperty({ type: 'integer' })
  listed: number;

  @ApiProperty({ type: 'integer' })
  dropped: number;

  @ApiProperty({ type: 'integer', description: 'departed, arrived or not arrived' })
  departed: number;

  @ApiProperty({ type: 'integer' })
  stayed: number;

  @ApiProperty({ type: 'integer' })
  arrived: number;

  @ApiProperty({ type: 'integer' })
  notArrived: number;

  @ApiProperty({ type: 'integer', description: 'members whose placement is registered' })
  registered: number;
}

/** A batch with its roster. */
export class DepartureBatchDetail extends DepartureBatchView {
  @ApiProperty({ type: DepartureLeader })
  leader: DepartureLeader;

  @ApiProperty({ type: 'string', nullable: true })
  createdByName: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  departedByName: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  arrivedByName: string | null;

  @ApiProperty({ type: DepartureOrder, isArray: true })
  orders: DepartureOrder[];

  @ApiProperty({ type: DepartureEmployer, isArray: true })
  employers: DepartureEmployer[];

  @ApiProperty({ type: DepartureCourse, nullable: true })
  course: DepartureCourse | null;

  @ApiProperty({ type: DepartureMember, isArray: true })
  members: DepartureMember[];

  @ApiProperty({ type: DepartureCounts })
  counts: DepartureCounts;
}

/** An accepted candidate (用工意向) the roster may take. */
export class DepartureCandidate {
  @ApiProperty({ type: 'integer' })
  proposalId: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  workerName: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer' })
  orderId: number;

  @ApiProperty()
  job: string;

  @ApiProperty()
  employerName: string;
}

export class DepartureRegistrationRetry {
  @ApiProperty({ type: 'integer', description: 'placements registered now' })
  registered: number;

  @ApiProperty({ type: 'integer', description: 'arrived members still without a placement' })
  pending: number;
}
