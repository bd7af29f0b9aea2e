import { ApiProperty } from '@nestjs/swagger';
import { DocumentSummaryView } from '../documents/documents.responses.js';

// The figures' groups are many and nested (see MonthlyFigures in monthly-figures.service.ts): each
// group is declared as an object, its shape documented there and rendered by the report template.
const group = (description: string) => ({ type: 'object', additionalProperties: true, description }) as const;

class Period {
  @ApiProperty({ type: 'string', format: 'date' })
  from: string;

  @ApiProperty({ type: 'string', format: 'date' })
  to: string;

  @ApiProperty({ type: 'string', format: 'date', description: 'the first day of the year to date' })
  yearFrom: string;
}

class Named {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;
}

/** The overview figures of a month (劳务输出进展), for one county, one township or a city's counties. */
export class MonthlyFiguresView {
  @ApiProperty({ description: 'YYYY-MM' })
  month: string;

  @ApiProperty({ type: Period })
  period: Period;

  @ApiProperty({ type: 'string', format: 'date', description: 'the day the figures were computed' })
  asOf: string;

  @ApiProperty({ description: 'the month is not over yet' })
  partial: boolean;

  @ApiProperty({ type: Named, nullable: true })
  township: Named | null;

  @ApiProperty({ type: Named, nullable: true, description: "null for a city user's total over its counties" })
  county: Named | null;

  @ApiProperty(group('month, yearToDate, target, completionRate, yearElapsedRate'))
  placements: Record<string, unknown>;

  @ApiProperty(group('month, yearToDate'))
  training: Record<string, unknown>;

  @ApiProperty(group('month, yearToDate'))
  contracts: Record<string, unknown>;

  @ApiProperty(group('month, yearToDate, awaitingApproval, payment, funding'))
  claims: Record<string, unknown>;

  @ApiProperty(group('month, yearToDate, openNow, closureRateTarget'))
  cases: Record<string, unknown>;

  @ApiProperty(group('month, yearToDate'))
  jobs: Record<string, unknown>;

  @ApiProperty(group('month, yearToDate, byBatch, byDestination, byTownship'))
  departures: Record<string, unknown>;

  @ApiProperty(group('month, yearToDate'))
  followUp: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true, description: 'per township' })
  townships: Record<string, unknown>[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    isArray: true,
    description: 'the 12 months ending with it',
  })
  series: Record<string, unknown>[];

  @ApiProperty({ ...group('zero-employment households'), nullable: true })
  households: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    isArray: true,
    nullable: true,
    description: "for a city user: each county's own figures; null otherwise",
  })
  counties: Record<string, unknown>[] | null;
}

/** The issued report: the document, whether it was issued now, and where to open it. */
export class IssuedReport extends DocumentSummaryView {
  @ApiProperty({ description: 'false when the month already had one (answered 200)' })
  created: boolean;

  @ApiProperty({ description: 'the HTML document' })
  html: string;

  @ApiProperty({ description: 'the PDF' })
  pdf: string;
}
