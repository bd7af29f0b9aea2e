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
  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  to?: string;

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
