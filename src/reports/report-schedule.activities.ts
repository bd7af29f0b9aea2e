import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, addMonths } from '../../workflows/calendar.js';
import { asScheduleActor } from '../common/request-context.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import { MonthlyFiguresService } from './monthly-figures.service.js';
import { reportSubjectId } from './monthly-report.service.js';

/** Days into the new month by which last month's report is due (the task's due day is the 5th). */
const REPORT_DUE_DAYS = 4;

/** One county's task for the month, with the headline figures of its report. */
export interface CountyReportTask {
  countyId: number;
  raised: boolean;
  placements: number;
  placementsYearToDate: number;
}

/**
 * On the 1st of each month, for every county (each issues its own report): last month's figures are
 * computed as that county's (so the task says what the report will say, and a month whose figures
 * fail fails here, not in front of the user), and one task per county and month asks for the report
 * to be issued from the overview of that month.
 */
@Injectable()
@Activities()
export class ReportScheduleActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly figures: MonthlyFiguresService,
    private readonly tasks: TasksService,
  ) {}

  async raiseMonthlyReportTask(input: { month: string }): Promise<{ counties: CountyReportTask[] }> {
    const [y, m] = input.month.split('-').map(Number);
    const counties: { id: number }[] = await this.db.query(`SELECT id FROM offices WHERE kind = 'county' ORDER BY id`);
    const out: CountyReportTask[] = [];
    for (const { id: countyId } of counties)
      out.push(
        await asScheduleActor(
          `report-${input.month}`,
          async () => {
            const f = await this.figures.figures(input.month);
            const placements = f.placements.month.total;
            const placementsYearToDate = f.placements.yearToDate.total;
            const raised = await this.db.transaction((tx) =>
              this.tasks.create(
                {
                  kind: 'monthly_report_due',
                  title: `签发${y}年${m}月份劳务输出进展情况汇报（当月输出${placements}人，全年累计${placementsYearToDate}人）`,
                  role: 'caseworker',
                  subject: { type: 'monthly_report', id: reportSubjectId(input.month) },
                  dueDate: addDays(addMonths(`${input.month}-01`, 1), REPORT_DUE_DAYS),
                  key: `monthly-report-${countyId}-${input.month}`,
                },
                tx,
              ),
            );
            return { countyId, raised, placements, placementsYearToDate };
          },
          countyId,
        ),
      );
    return { counties: out };
  }
}
