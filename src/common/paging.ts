import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Paging, sorting and free-text search shared by every list endpoint. */
export class ListQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '须为整数' })
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ default: 20, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '须为整数' })
  @Min(1)
  @Max(200)
  pageSize = 20;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';

  @ApiPropertyOptional({
    enum: ['json', 'xlsx'],
    description:
      'xlsx: the whole filtered list as a spreadsheet (same as Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet); paging is ignored',
  })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';

  @ApiPropertyOptional({ description: 'search text' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const offsetOf = (q: ListQuery) => (q.page - 1) * q.pageSize;
