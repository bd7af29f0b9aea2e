import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The OpenAPI schema of a `Page<T>` (src/common/paging.ts) of the given item class, named
 * `name` in the document: nestjs/swagger cannot describe a generic, so each list gets its own.
 */
export function pageOf<T>(
  item: Type<T>,
  name: string,
): Type<{ items: T[]; total: number; page: number; pageSize: number }> {
  class PageOf {
    @ApiProperty({ type: item, isArray: true })
    items: T[];

    @ApiProperty({
      type: 'integer',
      description: 'the rows matching the filters, counted up to 10,000; with totalCapped, more than that',
    })
    total: number;

    @ApiPropertyOptional({ description: 'true when more than 10,000 rows match (total is then 10,000)' })
    totalCapped?: boolean;

    @ApiProperty({ type: 'integer' })
    page: number;

    @ApiProperty({ type: 'integer' })
    pageSize: number;
  }
  Object.defineProperty(PageOf, 'name', { value: name });
  return PageOf;
}

/** The sums over every row matching the filters, not only the page. */
export class PageTotals {
  @ApiProperty({ type: 'integer' })
  count: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;
}

/** A page whose list also gives the count and fen total of all matching rows. */
export function pageWithTotalsOf<T>(
  item: Type<T>,
  name: string,
): Type<{ items: T[]; total: number; page: number; pageSize: number; totals: PageTotals }> {
  class PageWithTotals extends pageOf(item, `${name}Base`) {
    @ApiProperty({ type: PageTotals })
    totals: PageTotals;
  }
  Object.defineProperty(PageWithTotals, 'name', { value: name });
  return PageWithTotals;
}
