import { Module } from '@nestjs/common';
import { OfficesModule } from '../offices/offices.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { EventsModule } from '../common/events.module.js';
import { LedgerKindsModule } from '../ledgers/ledger-kinds.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ContactRequestsService } from './contact-requests.service.js';
import { HouseholdFiguresService } from './household-figures.service.js';
import { HouseholdListsService } from './household-lists.service.js';
import { HouseholdStatusService } from './household-status.service.js';
import { HouseholdVisitsService } from './household-visits.service.js';
import { HouseholdActivities } from './households.activities.js';
import { ContactRequestsController, HouseholdsController, SurveyRoundsController } from './households.controller.js';
import { HouseholdsService } from './households.service.js';
import { SurveyRoundsService } from './survey-rounds.service.js';
import { SurveyVisitLedger } from './survey-visit-ledger.js';
import { SurveyScheduleActivities } from './survey-schedule.activities.js';

/** Placements re-derive a household when a member's employment starts or ends; the reports read its figures. */
@Module({
  imports: [
    OfficesModule,
    AuthModule,
    CasesModule,
    DocumentsModule,
    PolicyModule,
    TemporalModule,
    EventsModule,
    TasksModule,
    LedgerKindsModule,
  ],
  controllers: [HouseholdsController, SurveyRoundsController, ContactRequestsController],
  providers: [
    HouseholdStatusService,
    HouseholdsService,
    HouseholdListsService,
    HouseholdVisitsService,
    SurveyRoundsService,
    ContactRequestsService,
    HouseholdActivities,
    SurveyScheduleActivities,
    HouseholdFiguresService,
    SurveyVisitLedger,
  ],
  exports: [
    HouseholdStatusService,
    HouseholdsService,
    HouseholdListsService,
    HouseholdVisitsService,
    SurveyRoundsService,
    ContactRequestsService,
    HouseholdFiguresService,
  ],
})
export class HouseholdsModule {}
