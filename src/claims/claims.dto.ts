import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { IsCalendarDate } from '../identity/index.js';
import { CLAIM_KINDS, CLAIM_STATUSES } from './claim.entity.js';
import type { ClaimKind, ClaimStatus } from '../../workflows/definitions.js';

export class ClaimListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @ApiPropertyOptional({ enum: CLAIM_KINDS })
  @IsOptional()
  @IsIn(CLAIM_KINDS)
  kind?: ClaimKind;

  @ApiPropertyOptional({ description: 'payee name contains' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  payee?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  courseId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  brokerId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ description: 'fen' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '金额须为整数分' })
  @Min(0)
  minFen?: number;

  @ApiPropertyOptional({ description: 'fen' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '金额须为整数分' })
  @Min(0)
  maxFen?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only claims past (or within) the decision SLA' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['id', 'amountFen', 'preparedAt', 'decisionDueAt'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'amountFen', 'preparedAt', 'decisionDueAt'])
  sort: 'id' | 'amountFen' | 'preparedAt' | 'decisionDueAt' = 'id';
}

export class ReasonDto {
  @ApiProperty({ example: '培训考勤表缺少学员签字' })
  @IsString({ message: '请填写理由（至少2个字）' })
  @Length(2, 1000, { message: '请填写理由（2至1000个字）' })
  reason: string;
}

export class ResubmitDto {
  @ApiProperty({ example: '已补充考勤表签字页' })
  @IsString({ message: '请填写补正说明（至少2个字）' })
  @Length(2, 1000, { message: '请填写说明（2至1000个字）' })
  note: string;
}

export class BatchApproveDto {
  @ApiProperty({ type: [Number], example: [12, 13, 15] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsInt({ each: true, message: '申请编号须为整数' })
  @Min(1, { each: true })
  claimIds: number[];
}

export class ClaimSummaryQuery {
  @ApiProperty({ example: '2026-11-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-11-30' })
  @IsCalendarDate()
  to: string;
}

export class PayoutListQuery {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'paid on or after (Asia/Shanghai date)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'paid on or before (Asia/Shanghai date)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: CLAIM_KINDS })
  @IsOptional()
  @IsIn(CLAIM_KINDS)
  kind?: ClaimKind;

  @ApiPropertyOptional({ description: "the claim's township" })
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ enum: ['json', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  pageSize = 50;
}

export const BATCH_OUTCOMES = ['approved', 'first_approval_recorded', 'refused'] as const;
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];

/** One claim of a batch approval: approved, its first of two approvals recorded, or refused with the reason. */
export class BatchApproveLine {
  @ApiProperty()
  claimId: number;

  @ApiProperty({ type: String, nullable: true, example: '补〔2026〕2号', description: 'null when no such claim' })
  number: string | null;

  @ApiProperty({ type: String, nullable: true })
  payeeName: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'fen' })
  amountFen: number | null;

  @ApiProperty({
    enum: BATCH_OUTCOMES,
    description: 'first_approval_recorded: above the limit, waiting for another finance user',
  })
  outcome: BatchOutcome;

  @ApiProperty({ description: 'the approval was taken (approved or first approval recorded)' })
  ok: boolean;

  @ApiPropertyOptional({ enum: CLAIM_STATUSES, description: 'status after the approval' })
  status?: ClaimStatus;

  @ApiPropertyOptional({ example: 'CLAIM.DECIDED', description: 'error code when refused' })
  code?: string;

  @ApiPropertyOptional({ description: 'the Chinese reason when refused' })
  error?: string;
}

export class BatchApproveResult {
  @ApiProperty({ type: [BatchApproveLine] })
  results: BatchApproveLine[];

  @ApiProperty()
  approved: number;

  @ApiProperty({ description: 'first of two approvals recorded, waiting for another finance user' })
  firstApprovalRecorded: number;

  @ApiProperty()
  refused: number;
}
