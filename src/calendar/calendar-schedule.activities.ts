import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { asScheduleActor, SCHEDULE_ACTOR } from '../common/request-context.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import { CalendarService } from './calendar.service.js';

const taskKey = (countyId: number, year: number) => `calendar-year-missing-${countyId}-${year}`;

/**
 * The daily calendar check: the same coverage rule the pages show (this year's arrangement, and
 * from 1 November next year's), so each county's admin gets a task without opening a page. One
 * task per county and missing year; it closes by itself on the first check after that year is loaded.
 */
@Injectable()
@Activities()
export class CalendarScheduleActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: CalendarService,
    private readonly tasks: TasksService,
  ) {}

  async checkCalendarCoverage(input: { on: string }): Promise<{ missing: number[]; raised: number; closed: number }> {
    const c = await this.calendar.coverage(input.on);
    let raised = 0;
    let closed = 0;
    const counties: { id: number }[] = await this.db.query(`SELECT id FROM offices WHERE kind = 'county' ORDER BY id`);
    for (const { id: countyId } of counties)
      await asScheduleActor(
        `calendar-${input.on}`,
        () =>
          this.db.transaction(async (m) => {
            for (const year of c.missing) {
              const created = await this.tasks.create(
                {
                  kind: 'calendar_year_missing',
                  title: `导入${year}年节假日安排（国务院办公厅通知发布后）`,
                  role: 'admin',
                  subject: { type: 'calendar_year', id: year },
                  // Next year's is wanted before it begins; this year's at once.
                  dueDate: year > c.currentYear.year ? `${c.currentYear.year}-12-31` : input.on,
                  key: taskKey(countyId, year),
                },
                m,
              );
              if (created) raised++;
            }
            for (const year of [c.currentYear.year, c.nextYear.year].filter((y) => c.loadedYears.includes(y)))
              closed += await this.tasks.close(
                { key: taskKey(countyId, year) },
                `${year}年节假日安排已导入`,
                m,
                SCHEDULE_ACTOR,
              );
          }),
        countyId,
      );
    return { missing: c.missing, raised, closed };
  }
}
