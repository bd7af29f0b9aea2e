import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { LEDGER_KINDS, type LedgerKind } from './columns.js';
import { IMPORT_STATUSES, type ImportStatus } from './ledger.entity.js';

/** Multipart fields of POST /imports (the file comes as the `file` part). */
export class UploadLedgerDto {
  @ApiProperty({ enum: LEDGER_KINDS })
  @IsIn(LEDGER_KINDS, { message: '没有这种台账，请从列表中选择' })
  kind: LedgerKind;
}

export class ReconcileDto {
  @ApiProperty({ example: '城关镇' })
  @IsString()
  @Length(2, 40)
  township: string;
}

export class ImportRowsQuery {
  @ApiPropertyOptional({ enum: ['create', 'update', 'unchanged', 'reject'] })
  @IsOptional()
  @IsIn(['create', 'update', 'unchanged', 'reject'])
  action?: 'create' | 'update' | 'unchanged' | 'reject';

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

export const IMPORT_SORTS = ['createdAt', 'kind', 'status', 'fileName', 'total'] as const;

export class ImportListQuery {
  @ApiPropertyOptional({ enum: LEDGER_KINDS })
  @IsOptional()
  @IsIn(LEDGER_KINDS, { message: '没有这种台账，请从列表中选择' })
  kind?: LedgerKind;

  @ApiPropertyOptional({ enum: IMPORT_STATUSES })
  @IsOptional()
  @IsIn(IMPORT_STATUSES, { message: '没有这种导入状态，请从列表中选择' })
  status?: ImportStatus;

  @ApiPropertyOptional({ enum: IMPORT_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(IMPORT_SORTS)
  sort: (typeof IMPORT_SORTS)[number] = 'createdAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 20;
}

export class FormatQuery {
  @ApiPropertyOptional({ enum: ['json', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';
}
