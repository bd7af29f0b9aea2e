import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { ClaimsModule } from '../claims/claims.module.js';
import { ClassStartService } from './class-start.service.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { CoursesController, TrainingProvidersController } from './courses.controller.js';
import { TrainingService } from './courses.service.js';
import { EnrollmentLedger } from './enrollment-ledger.js';
import { LedgerKindsModule } from '../ledgers/ledger-kinds.module.js';
import { TrainingSubsidyActivities } from './training-subsidy.activities.js';
import { TrainingRecordController } from './training.controller.js';
import { TrainingRecordService } from './training-record.service.js';

@Module({
  imports: [
    AuthModule,
    CalendarModule,
    ClaimsModule,
    LedgerKindsModule,
    PolicyModule,
    RegistryModule,
    TemporalModule,
    TasksModule,
  ],
  controllers: [TrainingProvidersController, CoursesController, TrainingRecordController],
  providers: [ClassStartService, TrainingService, TrainingRecordService, TrainingSubsidyActivities, EnrollmentLedger],
  exports: [ClassStartService, TrainingService, TrainingRecordService],
})
export class TrainingModule {}
