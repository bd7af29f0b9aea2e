import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { CLAIM_KINDS } from '../claims/claim.entity.js';
import type { ClaimKind, PayoutBatchStatus } from '../../workflows/definitions.js';
import { BATCH_STATUSES } from './payout.entity.js';

/** A line of the county's 就业补助资金 for one year, with its budget. */
export class CreateFundingLineDto {
  @ApiProperty({ type: 'integer', example: 2026 })
  @IsInt({ message: '年度须为整数' })
  @Min(2000, { message: '年度须在2000—2100之间' })
  @Max(2100, { message: '年度须在2000—2100之间' })
  year: number;

  @ApiProperty({ example: '就业补助资金（职业培训补贴）' })
  @IsString()
  @Length(2, 60, { message: '资金来源名称须为2—60个字' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'yearly budget, fen' })
  @IsInt({ message: '预算须为整数分' })
  @Min(0, { message: '预算不能为负数' })
  @Max(900_000_000_000_000, { message: '预算过大' })
  budgetFen: number;
}

export class FundingLineQuery {
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '年度须为整数' })
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** A batch from the county's approved claims: those named, or every one not yet in a batch (of one kind). */
export class CreateBatchDto {
  @ApiProperty({ type: 'integer' })
  @IsInt({ message: '请选择资金来源' })
  @Min(1)
  fundingLineId: number;

  @ApiPropertyOptional({
    type: 'integer',
    isArray: true,
    description: 'the claims; absent: every approved claim not yet in a batch',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: '至少选择一条补贴申请' })
  @ArrayMaxSize(2000, { message: '一个批次最多2000条' })
  @IsInt({ each: true, message: '补贴申请编号须为整数' })
  @Min(1, { each: true })
  claimIds?: number[];

  @ApiPropertyOptional({ enum: CLAIM_KINDS, description: 'with claimIds absent: only claims of this kind' })
  @IsOptional()
  @IsIn(CLAIM_KINDS)
  kind?: ClaimKind;

  @ApiPropertyOptional({
    enum: ['xlsx', 'csv'],
    description: 'the bank file format; default the BANK_FILE_FORMAT setting',
  })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format?: 'xlsx' | 'csv';
}

export class BatchListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: BATCH_STATUSES })
  @IsOptional()
  @IsIn(BATCH_STATUSES)
  status?: PayoutBatchStatus;
}

export class CancelBatchDto {
  @ApiProperty({ description: 'why the batch is cancelled (at least 2 characters)' })
  @IsString()
  @Length(2, 500, { message: '请填写作废理由（2—500个字）' })
  reason: string;
}

export class PaymentFailureQuery extends ListQuery {}

/** An objection raised during the public notice, as the bureau received it. */
export class ObjectionDto {
  @ApiProperty({ type: 'integer', description: 'the line of the batch objected to' })
  @IsInt({ message: '请选择明细' })
  @Min(1)
  lineId: number;

  @ApiProperty({ description: 'who objected (a name, or 匿名)', example: '匿名' })
  @IsString()
  @Length(1, 60, { message: '反映人须为1—60个字（可填“匿名”）' })
  objector: string;

  @ApiProperty({ description: 'what they said' })
  @IsString()
  @Length(2, 1000, { message: '异议内容须为2—1000个字' })
  content: string;
}

export class ResolveObjectionDto {
  @ApiProperty({
    enum: ['upheld', 'dismissed'],
    description: 'upheld: the claim is rejected; dismissed: it goes ahead',
  })
  @IsIn(['upheld', 'dismissed'], { message: '请选择异议是否成立' })
  decision: 'upheld' | 'dismissed';

  @ApiProperty({ description: 'the finding (at least 2 characters)' })
  @IsString()
  @Length(2, 1000, { message: '请填写核实结果（2—1000个字）' })
  note: string;
}
