import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { LedgerKindsModule } from '../ledgers/ledger-kinds.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { EventsModule } from '../common/events.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PlacementLedger } from './placement-ledger.js';
import { PlacementActivities } from './placements.activities.js';
import { PlacementsController } from './placements.controller.js';
import { PlacementsService } from './placements.service.js';

@Module({
  imports: [
    AuthModule,
    CasesModule,
    DocumentsModule,
    HouseholdsModule,
    LedgerKindsModule,
    PolicyModule,
    TemporalModule,
    EventsModule,
    RegistryModule,
    TasksModule,
  ],
  controllers: [PlacementsController],
  providers: [PlacementsService, PlacementActivities, PlacementLedger],
  exports: [PlacementsService],
})
export class PlacementsModule {}
