import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
} from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { IsCalendarDate, IsFen, NotInFuture } from '../identity/index.js';
import {
  BATCH_STATUSES,
  type BatchStatus,
  DROP_REASONS,
  type DropReason,
  TRANSPORTS,
  type Transport,
} from './departure-batch.entity.js';

/** A mobile (11 digits) or a landline with its area code (0455-1234567). */
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** 组建输出批次. */
export class CreateDepartureBatchDto {
  @ApiProperty({ example: '2026年第一批赴哈尔滨报纸投递员' })
  @IsString()
  @Length(2, 60)
  name: string;

  @ApiProperty({ example: '黑龙江省哈尔滨市南岗区' })
  @IsString()
  @Length(2, 100)
  destination: string;

  @ApiProperty({ example: '2026-12-20' })
  @IsCalendarDate()
  departureDate: string;

  @ApiProperty({ example: '县劳动就业服务局门前' })
  @IsString()
  @Length(2, 100)
  meetingPoint: string;

  @ApiPropertyOptional({ example: '07:30' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '集合时间应为“时:分”，如 07:30' })
  meetingTime?: string;

  @ApiProperty({ enum: TRANSPORTS, description: 'train 火车 / coach 客车 / plane 飞机 / chartered 包车 / other' })
  @IsIn(TRANSPORTS)
  transport: Transport;

  @ApiPropertyOptional({ example: 'K7021次' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  transportNote?: string;

  @ApiPropertyOptional({ description: '带队人：a caseworker or admin (user id); or leaderBrokerId, never both' })
  @IsOptional()
  @IsInt()
  @Min(1)
  leaderUserId?: number;

  @ApiPropertyOptional({ description: '带队人：a broker (劳务经纪人)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  leaderBrokerId?: number;

  @ApiPropertyOptional({ type: [Number], description: 'the job orders the batch serves' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique({ message: '同一条用工需求只能选择一次' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  jobOrderIds?: number[];

  @ApiPropertyOptional({ type: [Number], description: 'employers the members go to, besides the orders’' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique({ message: '同一个用工单位只能选择一次' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  employerIds?: number[];

  @ApiPropertyOptional({ description: 'the pre-departure (order) course' })
  @IsOptional()
  @IsInt()
  @Min(1)
  courseId?: number;

  @ApiPropertyOptional({ description: 'job of members picked directly' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  job?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'monthly wage of members picked directly, fen' })
  @IsOptional()
  @IsFen({ positive: true })
  monthlyWageFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  notes?: string;
}

/** 编入名单: an accepted candidate of one of the batch's orders (proposalId), or a worker picked directly. */
export class AddDepartureMemberDto {
  @ApiPropertyOptional({ description: 'an accepted proposal (用工意向) of one of the batch’s orders' })
  @IsOptional()
  @IsInt()
  @Min(1)
  proposalId?: number;

  @ApiPropertyOptional({ description: 'a worker picked directly (with employerId)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  workerId?: number;

  @ApiPropertyOptional({ description: 'for a worker picked directly: one of the batch’s employers' })
  @IsOptional()
  @IsInt()
  @Min(1)
  employerId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 60)
  job?: string;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsFen({ positive: true })
  monthlyWageFen?: number;

  @ApiProperty({ example: '张桂兰', description: '紧急联系人' })
  @IsString()
  @Length(1, 40)
  emergencyName: string;

  @ApiProperty({ example: '母亲' })
  @IsString()
  @Length(1, 20)
  emergencyRelation: string;

  @ApiProperty({ example: '13912345678' })
  @Matches(PHONE, { message: '应为11位手机号码或带区号的固定电话' })
  emergencyPhone: string;
}

export class DropDepartureMemberDto {
  @ApiProperty({ enum: DROP_REASONS })
  @IsIn(DROP_REASONS)
  reason: DropReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

/** 登记出发: who actually left, on what day. */
export class RecordDepartureDto {
  @ApiProperty({ example: '2026-12-20' })
  @IsCalendarDate()
  @NotInFuture()
  departedOn: string;

  @ApiProperty({ type: [Number], description: 'the members who left (the others listed stayed behind)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ArrayUnique({ message: '同一名人员只能勾选一次' })
  @IsInt({ each: true })
  memberIds: number[];
}

/** 确认到达: who arrived, on what day; their placements are registered as organised. */
export class ConfirmArrivalDto {
  @ApiProperty({ example: '2026-12-21' })
  @IsCalendarDate()
  @NotInFuture()
  arrivedOn: string;

  @ApiProperty({ type: [Number], description: 'the members who arrived (the others who left did not)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ArrayUnique({ message: '同一名人员只能勾选一次' })
  @IsInt({ each: true })
  memberIds: number[];
}

export class CancelDepartureBatchDto {
  @ApiProperty()
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class DepartureBatchListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: BATCH_STATUSES })
  @IsOptional()
  @IsIn(BATCH_STATUSES)
  status?: BatchStatus;

  @ApiPropertyOptional({ description: 'departing on or after' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  jobOrderId?: number;
}
