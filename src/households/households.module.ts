import { Global, Module } from '@nestjs/common';
import { HOUSEHOLD_FIGURES } from '../reports/household-figures.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ContactRequestsService } from './contact-requests.service.js';
import { HouseholdFiguresService } from './household-figures.service.js';
import { HouseholdActivities } from './households.activities.js';
import { ContactRequestsController, HouseholdsController, SurveyRoundsController } from './households.controller.js';
import { HouseholdsService } from './households.service.js';
import { SurveyRoundsService } from './survey-rounds.service.js';

/**
 * Global: the placement and case paths call HouseholdsService / ContactRequestsService hooks,
 * and the monthly report reads the households section through HOUSEHOLD_FIGURES.
 */
@Global()
@Module({
  imports: [TasksModule],
  controllers: [HouseholdsController, SurveyRoundsController, ContactRequestsController],
  providers: [
    HouseholdsService,
    SurveyRoundsService,
    ContactRequestsService,
    HouseholdActivities,
    HouseholdFiguresService,
    { provide: HOUSEHOLD_FIGURES, useExisting: HouseholdFiguresService },
  ],
  exports: [HouseholdsService, SurveyRoundsService, ContactRequestsService, HouseholdFiguresService, HOUSEHOLD_FIGURES],
})
export class HouseholdsModule {}
