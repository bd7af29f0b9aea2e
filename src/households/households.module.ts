import { Global, Module } from '@nestjs/common';
import { ContactRequestsService } from './contact-requests.service.js';
import { HouseholdActivities } from './households.activities.js';
import { ContactRequestsController, HouseholdsController, SurveyRoundsController } from './households.controller.js';
import { HouseholdsService } from './households.service.js';
import { SurveyRoundsService } from './survey-rounds.service.js';

/** Global: the placement and case paths call HouseholdsService / ContactRequestsService hooks. */
@Global()
@Module({
  controllers: [HouseholdsController, SurveyRoundsController, ContactRequestsController],
  providers: [HouseholdsService, SurveyRoundsService, ContactRequestsService, HouseholdActivities],
  exports: [HouseholdsService, SurveyRoundsService, ContactRequestsService],
})
export class HouseholdsModule {}
