import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { HealthModule } from '../health/health.module.js';
import { MonthlyFiguresService } from './monthly-figures.service.js';
import { MonthlyReportService } from './monthly-report.service.js';
import { OverdueFiguresService } from './overdue-figures.service.js';
import { ReportsController } from './reports.controller.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ReportScheduleActivities } from './report-schedule.activities.js';

/**
 * Overview figures (工作台/报表), the monthly progress report and the overdue counts on /metrics;
 * read-only over the other contexts' tables.
 */
@Module({
  imports: [DocumentsModule, HouseholdsModule, HealthModule, TasksModule],
  controllers: [ReportsController],
  providers: [MonthlyFiguresService, MonthlyReportService, OverdueFiguresService, ReportScheduleActivities],
  exports: [MonthlyFiguresService, MonthlyReportService],
})
export class ReportsModule {}
