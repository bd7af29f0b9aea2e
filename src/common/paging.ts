import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

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
  /** The rows matching the filters; with totalCapped, at least this many (COUNT_CAP). */
  total: number;
  page: number;
  pageSize: number;
  /** True when more than COUNT_CAP rows match: they were not counted to the end. */
  totalCapped?: boolean;
}

/** Lists count the rows matching their filters up to this many, then say “10,000 条以上”. */
export const COUNT_CAP = 10_000;

/**
 * The count of a list's rows, up to COUNT_CAP: counting every row of a county's three years
 * (hundreds of thousands of placements) costs more than the page itself, and no one pages
 * through 500 pages; past the cap the page says there are more. The query builder's filters and
 * joins (many-to-one only, so a row is one match) are kept; its order and paging are not.
 */
export async function cappedCount(
  qb: SelectQueryBuilder<ObjectLiteral>,
): Promise<{ total: number; totalCapped: boolean }> {
  const [sql, params] = qb
    .clone()
    .select('1', 'one')
    .orderBy()
    .skip(undefined)
    .take(undefined)
    .offset(undefined)
    .limit(COUNT_CAP + 1)
    .getQueryAndParameters();
  const [{ n }] = await qb.connection.query(`SELECT count(*)::int AS n FROM (${sql}) capped`, params);
  return n > COUNT_CAP ? { total: COUNT_CAP, totalCapped: true } : { total: n, totalCapped: false };
}

/** Whether a page has one after it: past the cap, while pages come back full. */
export const hasNextPage = (p: Page<unknown>): boolean =>
  p.totalCapped ? p.items.length === p.pageSize : p.page * p.pageSize < p.total;

export const offsetOf = (q: ListQuery) => (q.page - 1) * q.pageSize;
