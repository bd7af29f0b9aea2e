import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { EventsModule } from '../common/events.module.js';
import { LedgerKindsModule } from '../ledgers/ledger-kinds.module.js';
import { PlacementsModule } from '../placements/placements.module.js';
import { JobProposalsController } from './job-proposals.controller.js';
import { JobProposalsService } from './job-proposals.service.js';
import { JobOrdersController } from './job-orders.controller.js';
import { JobOrdersService } from './job-orders.service.js';
import { JobActivities } from './jobs.activities.js';
import { PublicJobsController } from './public-jobs.controller.js';
import { PublicJobsService } from './public-jobs.service.js';
import { JobSeekersController } from './job-seekers.controller.js';
import { JobSeekersService } from './job-seekers.service.js';
import { JobSeekerLedger } from './job-seeker-ledger.js';

/** 就业: job orders (用工需求), job seekers (求职登记), matching and referral. */
@Module({
  imports: [
    AuthModule,
    EventsModule,
    LedgerKindsModule,
    PlacementsModule,
    PolicyModule,
    RegistryModule,
    TasksModule,
    TemporalModule,
  ],
  controllers: [JobOrdersController, JobSeekersController, JobProposalsController, PublicJobsController],
  providers: [
    JobOrdersService,
    JobSeekersService,
    JobSeekerLedger,
    JobProposalsService,
    PublicJobsService,
    JobActivities,
  ],
  exports: [JobOrdersService, JobSeekersService, JobProposalsService],
})
export class JobsModule {}
