import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { LedgerImportsService } from './ledger-imports.service.js';
import { LedgerKindsModule } from './ledger-kinds.module.js';
import { LedgerActivities } from './ledgers.activities.js';
import { ImportsController, ReconciliationsController } from './ledgers.controller.js';
import { ReconciliationService } from './reconciliation.service.js';
import { RegistryLedgerKinds } from './registry-kinds.js';

/**
 * 台账: ledger import (preview, confirm, the ledgerImport workflow, error report), reconciliation, templates.
 * The placements and households contexts register their own kinds (see ledger-kind.ts).
 */
@Module({
  imports: [AuthModule, TemporalModule, RegistryModule, LedgerKindsModule],
  controllers: [ImportsController, ReconciliationsController],
  providers: [LedgerImportsService, ReconciliationService, LedgerActivities, RegistryLedgerKinds],
  exports: [LedgerImportsService, ReconciliationService],
})
export class LedgersModule {}
