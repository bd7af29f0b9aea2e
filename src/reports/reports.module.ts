import { Module } from '@nestjs/common';
import { MonthlyFiguresService } from './monthly-figures.service.js';
import { MonthlyReportService } from './monthly-report.service.js';
import { ReportsController } from './reports.controller.js';

/** Overview figures (工作台/报表) and the monthly progress report; read-only over the other contexts' tables. */
@Module({
  controllers: [ReportsController],
  providers: [MonthlyFiguresService, MonthlyReportService],
  exports: [MonthlyFiguresService, MonthlyReportService],
})
export class ReportsModule {}
