import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CalendarModule } from '../calendar/calendar.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { ClaimsModule } from '../claims/claims.module.js';
import { PlacementsModule } from '../placements/placements.module.js';
import { ReferralsModule } from '../referrals/referrals.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { LedgersModule } from '../ledgers/ledgers.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TrainingModule } from '../training/training.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { JobPages } from './jobs.pages.js';
import { ConsoleAssets } from './assets.controller.js';
import { AuditPages } from './audit.pages.js';
import { BrokerPages } from './broker.pages.js';
import { BrokersPages } from './brokers.pages.js';
import { CalendarPages } from './calendar.pages.js';
import { CasePages } from './cases.pages.js';
import { ClaimPages } from './claims.pages.js';
import { PayoutBatchPages } from './payout-batches.pages.js';
import { PayoutsModule } from '../payouts/payouts.module.js';
import { ConsoleFilter, ConsoleForms } from './console-http.js';
import { FormOnce } from './forms.js';
import { PolicyPages } from './policy.pages.js';
import { ConsoleLoginController } from './login.controller.js';
import { HouseholdPages } from './households.pages.js';
import { ImportPages } from './imports.pages.js';
import { OverviewPages } from './overview.pages.js';
import { PlacementPages } from './placements.pages.js';
import { RegistryPages } from './registry.pages.js';
import { EmployerPages } from './employers.pages.js';
import { SearchPages } from './search.pages.js';
import { SurveyPages } from './surveys.pages.js';
import { WorkerPages } from './workers.pages.js';
import { HandoverPages, OfficePages } from './offices.pages.js';
import { OfficesModule } from '../offices/offices.module.js';
import { NavCountsInterceptor } from './nav-counts.interceptor.js';
import { TaskPages } from './tasks.pages.js';
import { TownshipPages } from './townships.pages.js';
import { CoursePages, ProviderPages } from './training.pages.js';
import { ConsoleViews } from './views.js';
import { FollowUpsModule } from '../followups/followups.module.js';
import { FollowUpPages } from './follow-ups.pages.js';
import { DeparturesModule } from '../departures/departures.module.js';
import { DeparturePages } from './departures.pages.js';

/** 工作台: the web console under /console, server-rendered, over the same services as the API. */
@Module({
  imports: [
    CalendarModule,
    AuthModule,
    RegistryModule,
    PlacementsModule,
    ClaimsModule,
    ReferralsModule,
    CasesModule,
    ReportsModule,
    LedgersModule,
    HouseholdsModule,
    TasksModule,
    OfficesModule,
    PolicyModule,
    TrainingModule,
    JobsModule,
    FollowUpsModule,
    DeparturesModule,
    PayoutsModule,
  ],
  controllers: [
    ConsoleAssets,
    ConsoleLoginController,
    CasePages,
    CalendarPages,
    PlacementPages,
    FollowUpPages,
    RegistryPages,
    WorkerPages,
    EmployerPages,
    SearchPages,
    ClaimPages,
    PayoutBatchPages,
    BrokerPages,
    BrokersPages,
    OverviewPages,
    ImportPages,
    HouseholdPages,
    SurveyPages,
    TaskPages,
    OfficePages,
    HandoverPages,
    TownshipPages,
    ProviderPages,
    CoursePages,
    PolicyPages,
    AuditPages,
    JobPages,
    DeparturePages,
  ],
  providers: [
    ConsoleViews,
    FormOnce,
    ConsoleForms,
    ConsoleFilter,
    { provide: APP_INTERCEPTOR, useClass: NavCountsInterceptor },
  ],
})
export class ConsoleModule {}
