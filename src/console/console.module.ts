import { Module } from '@nestjs/common';
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
import { BrokerPages } from './broker.pages.js';
import { CalendarPages } from './calendar.pages.js';
import { CasePages } from './cases.pages.js';
import { ClaimPages } from './claims.pages.js';
import { ConsoleFilter, ConsoleForms } from './console-http.js';
import { FormOnce } from './forms.js';
import { ConsoleLoginController } from './login.controller.js';
import { HouseholdPages } from './households.pages.js';
import { ImportPages } from './imports.pages.js';
import { OverviewPages } from './overview.pages.js';
import { PlacementPages } from './placements.pages.js';
import { RegistryPages } from './registry.pages.js';
import { TaskPages } from './tasks.pages.js';
import { ConsoleViews } from './views.js';

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
  ],
  controllers: [
    ConsoleLoginController,
    CasePages,
    CalendarPages,
    PlacementPages,
    RegistryPages,
    ClaimPages,
    BrokerPages,
    OverviewPages,
    ImportPages,
    HouseholdPages,
    TaskPages,
  ],
  providers: [ConsoleViews, FormOnce, ConsoleForms, ConsoleFilter],
})
export class ConsoleModule {}
