import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { IsCalendarDate, IsFen, NotInFuture } from '../identity/index.js';
import { INTERRUPTION_KINDS, type InterruptionKind } from '../../workflows/definitions.js';
import { CASE_KINDS, type CaseKind } from './case.entity.js';

export const CASE_CHANNELS = ['window', 'hotline', 'visit', 'referral'] as const;
export const CASE_OUTCOMES = ['resolved', 'withdrawn', 'referred', 'rejected'] as const;

export class OpenCaseDto {
  @ApiProperty({ enum: CASE_KINDS })
  @IsIn(CASE_KINDS)
  kind: CaseKind;

  @ApiProperty({
    type: [Number],
    description: 'the workers concerned; a wage-arrears case can cover many workers of one employer',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(1, { each: true })
  workerIds: number[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  employerId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  placementId?: number;

  @ApiProperty({ example: '2026年9月至11月工资共计12000元未发放' })
  @IsString()
  @Length(5, 5000)
  facts: string;

  @ApiProperty({ example: 1200000, description: 'fen' })
  @IsFen()
  amountClaimedFen: number;

  @ApiProperty({
    example: '2026-11-05',
    description: 'the day the worker knew of the infringement (limitation runs from it)',
  })
  @IsCalendarDate()
  @NotInFuture()
  knewOn: string;

  @ApiProperty({ enum: CASE_CHANNELS })
  @IsIn(CASE_CHANNELS)
  channel: (typeof CASE_CHANNELS)[number];
}

export class CaseListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['mine', 'unassigned', 'all'], default: 'all' })
  @IsOptional()
  @IsIn(['mine', 'unassigned', 'all'])
  queue: 'mine' | 'unassigned' | 'all' = 'all';

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @IsOptional()
  @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;
}

export class AssignDto {
  @ApiProperty({ description: 'user id of a caseworker' })
  @IsInt()
  @Min(1)
  assigneeId: number;
}

export class NoteDto {
  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  text: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;
}

export class MediationDto {
  @ApiProperty({ enum: ['settled', 'failed'] })
  @IsIn(['settled', 'failed'])
  outcome: 'settled' | 'failed';

  @ApiPropertyOptional({ description: 'fen, for a settlement' })
  @IsOptional()
  @IsFen()
  amountFen?: number;

  @ApiPropertyOptional({ description: 'date by which the employer pays' })
  @IsOptional()
  @IsCalendarDate()
  payBy?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 1000)
  reason?: string;
}

export class PaymentDto {
  @ApiProperty()
  @IsBoolean()
  paid: boolean;
}

export class EscalateDto {
  @ApiProperty({ enum: ['inspection', 'arbitration'] })
  @IsIn(['inspection', 'arbitration'])
  to: 'inspection' | 'arbitration';

  @ApiProperty()
  @IsString()
  @Length(2, 1000, { message: '请填写理由（2至1000个字）' })
  reason: string;

  @ApiProperty({
    example: '2026-11-24',
    description:
      'the day labour inspection registered the case (立案日期) or the arbitration commission received it (收件日期): not in the future, not before the case was opened; the acceptance deadline runs from it',
  })
  @IsCalendarDate()
  @NotInFuture()
  escalatedOn: string;
}

export class InterruptLimitationDto {
  @ApiProperty({
    enum: INTERRUPTION_KINDS,
    description:
      'claim_to_employer: the worker claimed from the employer; request_to_authority: a request to the authorities for relief; employer_admission: the employer agreed to perform',
  })
  @IsIn(INTERRUPTION_KINDS, { message: '请选择时效中断的事由' })
  kind: InterruptionKind;

  @ApiProperty({ example: '2026-11-20', description: 'the day of the interruption; the year starts over from it' })
  @IsCalendarDate()
  @NotInFuture()
  interruptedOn: string;

  @ApiProperty({ example: '劳动者于当日书面向用人单位催要拖欠工资，有快递回执' })
  @IsString()
  @Length(2, 1000, { message: '请填写说明（2至1000个字）' })
  note: string;
}

export class AcceptDto {
  @ApiProperty()
  @IsBoolean()
  accepted: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 1000)
  reason?: string;
}

export class ExtendDto {
  @ApiPropertyOptional({ description: 'arbitration: 1-15 days; inspection: the statutory 30 working days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  days?: number;

  @ApiProperty()
  @IsString()
  @Length(2, 1000, { message: '请填写理由（2至1000个字）' })
  reason: string;
}

export class CloseDto {
  @ApiProperty({ enum: CASE_OUTCOMES })
  @IsIn(CASE_OUTCOMES, { message: '请选择结案结果：已解决、撤回、移送或不予受理' })
  outcome: (typeof CASE_OUTCOMES)[number];

  @ApiProperty()
  @IsString()
  @Length(2, 2000, { message: '请填写理由（2至2000个字）' })
  reason: string;

  @ApiPropertyOptional({ description: 'fen recovered for the worker(s)' })
  @IsOptional()
  @IsFen()
  amountRecoveredFen?: number;
}

export class ReopenDto {
  @ApiProperty()
  @IsString()
  @Length(2, 1000, { message: '请填写理由（2至1000个字）' })
  reason: string;
}

export class CaseSummaryQuery {
  @ApiProperty()
  @IsCalendarDate()
  from: string;

  @ApiProperty()
  @IsCalendarDate()
  to: string;
}
