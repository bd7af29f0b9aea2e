import { Module } from '@nestjs/common';
import { TrainingModule } from '../training/training.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { PlacementsModule } from '../placements/placements.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { LedgerImportsService } from './ledger-imports.service.js';
import { LedgerActivities } from './ledgers.activities.js';
import { ImportsController, ReconciliationsController } from './ledgers.controller.js';
import { ReconciliationService } from './reconciliation.service.js';

/** 台账: ledger import (preview, confirm, the ledgerImport workflow, error report), reconciliation, templates. */
@Module({
  imports: [TrainingModule, AuthModule, HouseholdsModule, TemporalModule, RegistryModule, PlacementsModule],
  controllers: [ImportsController, ReconciliationsController],
  providers: [LedgerImportsService, ReconciliationService, LedgerActivities],
  exports: [LedgerImportsService, ReconciliationService],
})
export class LedgersModule {}
