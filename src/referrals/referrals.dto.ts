import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../identity/index.js';

export class ReferralPeriodQuery {
  @ApiPropertyOptional({ description: 'placement start date from' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'placement start date to' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

const STATUSES = [
  'waiting_contract',
  'retention_check',
  'ineligible',
  'ended',
  'awaiting_approval',
  'returned',
  'approved',
  'rejected',
  'paid',
];

export class ReferralListQuery extends ReferralPeriodQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  brokerId?: number;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: ['json', 'xlsx'], description: 'xlsx: the whole filtered list as a spreadsheet' })
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
  @Max(500)
  pageSize = 50;
}
