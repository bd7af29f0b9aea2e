import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { OfficesModule } from './offices/offices.module.js';
import { ErrorFilter } from './common/error.filter.js';
import { LoggingModule } from './common/logging.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CasesModule } from './cases/cases.module.js';
import { ClaimsModule } from './claims/claims.module.js';
import { ConsoleModule } from './console/console.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { FollowUpsModule } from './followups/followups.module.js';
import { DeparturesModule } from './departures/departures.module.js';
import { TrainingModule } from './training/training.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LedgersModule } from './ledgers/ledgers.module.js';
import { HouseholdsModule } from './households/households.module.js';
import { PlacementsModule } from './placements/placements.module.js';
import { PayoutsModule } from './payouts/payouts.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { TemporalModule } from './temporal/temporal.module.js';

/**
 * The one module graph shared by the API process and the worker process, so that
 * activities are ordinary Nest providers with the same services as the controllers.
 */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    TemporalModule,
    HealthModule,
    AuditModule,
    OfficesModule,
    AuthModule,
    PolicyModule,
    TasksModule,
    RegistryModule,
    DocumentsModule,
    PlacementsModule,
    CalendarModule,
    ClaimsModule,
    PayoutsModule,
    TrainingModule,
    ReferralsModule,
    FollowUpsModule,
    DeparturesModule,
    CasesModule,
    ReportsModule,
    ConsoleModule,
    LedgersModule,
    HouseholdsModule,
    JobsModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AppModule {}
