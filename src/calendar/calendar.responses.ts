import { ApiProperty } from '@nestjs/swagger';
import { CALENDAR_DAY_KINDS, type CalendarDayKind } from './calendar-day.entity.js';

/** A holiday (放假) or weekend make-up working day (调休上班). */
export class CalendarDayView {
  @ApiProperty({ type: 'string', format: 'date' })
  date: string;

  @ApiProperty({ enum: CALENDAR_DAY_KINDS })
  kind: CalendarDayKind;

  @ApiProperty({ description: 'e.g. 国庆节' })
  name: string;

  @ApiProperty({ description: 'the notice it comes from, or the correction' })
  source: string;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
}

/** A running working-day deadline the change moved. */
export class DeadlineMoveView {
  @ApiProperty({ enum: ['case', 'claim'] })
  subjectType: string;

  @ApiProperty({ type: 'integer' })
  subjectId: number;

  @ApiProperty()
  subjectName: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ type: 'string', format: 'date' })
  fromDate: string;

  @ApiProperty({ type: 'integer' })
  workingDays: number;

  @ApiProperty({ type: 'string', format: 'date' })
  dueOn: string;

  @ApiProperty({ type: 'string', format: 'date' })
  newDueOn: string;

  @ApiProperty({ type: 'integer', isArray: true })
  provisionalYears: number[];

  @ApiProperty({ type: 'integer', isArray: true })
  newProvisionalYears: number[];
}

/** The day as set, with the deadlines it moved and how many processes were told. */
export class CalendarDayChange extends CalendarDayView {
  @ApiProperty({ type: DeadlineMoveView, isArray: true })
  deadlinesMoved: DeadlineMoveView[];

  @ApiProperty({ type: 'integer' })
  processesTold: number;
}

/** A working-day deadline. */
export class WorkingDaysResult {
  @ApiProperty({ type: 'string', format: 'date' })
  from: string;

  @ApiProperty({ type: 'integer' })
  days: number;

  @ApiProperty({ type: 'string', format: 'date' })
  result: string;

  @ApiProperty({ type: 'integer', isArray: true, description: 'years counted Monday–Friday, not loaded' })
  provisionalYears: number[];
}

class YearLoaded {
  @ApiProperty({ type: 'integer' })
  year: number;

  @ApiProperty()
  loaded: boolean;
}

class NextYearLoaded extends YearLoaded {
  @ApiProperty({ type: 'string', format: 'date', description: 'from when the next year is due to be loaded' })
  expectedFrom: string;
}

/** Which years' holiday arrangements are loaded, and the notice when one is missing. */
export class CalendarCoverage {
  @ApiProperty({ type: 'string', format: 'date' })
  today: string;

  @ApiProperty({ type: 'integer', isArray: true })
  loadedYears: number[];

  @ApiProperty({ type: YearLoaded })
  currentYear: YearLoaded;

  @ApiProperty({ type: NextYearLoaded })
  nextYear: NextYearLoaded;

  @ApiProperty({ type: 'integer', isArray: true })
  missing: number[];

  @ApiProperty({ type: 'string', nullable: true, description: 'in Chinese' })
  notice: string | null;
}

class ArrangementDayView {
  @ApiProperty({ type: 'string', format: 'date' })
  date: string;

  @ApiProperty({ enum: CALENDAR_DAY_KINDS })
  kind: string;

  @ApiProperty()
  name: string;
}

class DayChange {
  @ApiProperty({ type: 'string', format: 'date' })
  date: string;

  @ApiProperty({ type: ArrangementDayView })
  before: Omit<ArrangementDayView, 'date'>;

  @ApiProperty({ type: ArrangementDayView })
  after: Omit<ArrangementDayView, 'date'>;
}

/** What a load changes against the stored year (a preview), or only how many days it holds (confirmed). */
class LoadDays {
  @ApiProperty({ type: ArrangementDayView, isArray: true, required: false, description: 'preview only' })
  added?: ArrangementDayView[];

  @ApiProperty({ type: ArrangementDayView, isArray: true, required: false, description: 'preview only' })
  removed?: ArrangementDayView[];

  @ApiProperty({ type: DayChange, isArray: true, required: false, description: 'preview only' })
  changed?: DayChange[];

  @ApiProperty({ type: 'integer', required: false, description: 'preview only' })
  unchanged?: number;

  @ApiProperty({ type: 'integer' })
  total: number;
}

/** An uploaded year arrangement (放假安排): a preview until an admin confirms it. */
export class CalendarLoadView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  year: number;

  @ApiProperty({ description: 'the notice it comes from' })
  source: string;

  @ApiProperty()
  fileName: string;

  @ApiProperty({ enum: ['preview', 'confirmed'] })
  status: string;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  confirmedBy: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, required: false })
  confirmedAt: string | null;

  @ApiProperty({ description: 'the year was loaded before' })
  alreadyLoaded: boolean;

  @ApiProperty({ type: LoadDays })
  days: LoadDays;

  @ApiProperty({ type: DeadlineMoveView, isArray: true, description: 'what confirming would move (preview only)' })
  deadlines: DeadlineMoveView[];
}

/** The confirmed load, with the deadlines it moved and how many processes were told. */
export class CalendarLoadConfirmed extends CalendarLoadView {
  @ApiProperty({ type: DeadlineMoveView, isArray: true })
  deadlinesMoved: DeadlineMoveView[];

  @ApiProperty({ type: 'integer' })
  processesTold: number;
}
