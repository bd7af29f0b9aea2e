import { Module } from '@nestjs/common';
import { OfficesModule } from '../offices/offices.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { EventsModule } from '../common/events.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { CasePlacements } from './case-placements.js';
import { CaseActivities } from './cases.activities.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Module({
  imports: [
    OfficesModule,
    AuthModule,
    CalendarModule,
    DocumentsModule,
    PolicyModule,
    TemporalModule,
    EventsModule,
    TasksModule,
  ],
  controllers: [CasesController],
  providers: [CasesService, CaseActivities, CasePlacements],
  exports: [CasesService, CasePlacements],
})
export class CasesModule {}
