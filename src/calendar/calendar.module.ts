import { Module } from '@nestjs/common';
import { TemporalModule } from '../temporal/temporal.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';
import { CalendarScheduleActivities } from './calendar-schedule.activities.js';
import { TasksModule } from '../tasks/tasks.module.js';

@Module({
  imports: [TemporalModule, TasksModule],
  controllers: [CalendarController],
  providers: [CalendarService, CalendarScheduleActivities],
  exports: [CalendarService],
})
export class CalendarModule {}
