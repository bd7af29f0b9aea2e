import { Module } from '@nestjs/common';
import { LedgerKinds } from './ledger-kind.js';

/** Where each context registers its ledger kind: imported by the contexts, so they need not import the whole ledgers module. */
@Module({ providers: [LedgerKinds], exports: [LedgerKinds] })
export class LedgerKindsModule {}
