import type { EntityManager } from 'typeorm';
import { Broker } from '../registry/broker.entity.js';
import { TrainingProvider } from '../registry/training.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { maskBankAccount } from '../identity/index.js';
import type { SubsidyClaim } from './claim.entity.js';

export interface PayeeAccount {
  bankName: string;
  bankAccount: string;
}

/** Whose record holds the account, as a refusal names it. */
export const PAYEE_KIND: Record<string, string> = { worker: '务工人员', provider: '培训机构', broker: '职业介绍人' };

const REGISTER = { worker: Worker, provider: TrainingProvider, broker: Broker } as const;

/** The account the payee's record holds now (trainee, training provider or broker); null while it has none. */
export async function registeredAccount(
  m: EntityManager,
  c: Pick<SubsidyClaim, 'payeeType' | 'payeeId'>,
): Promise<PayeeAccount | null> {
  const entity = REGISTER[c.payeeType as keyof typeof REGISTER];
  if (!entity) return null;
  const row = (await m.findOne(entity as typeof Worker, {
    where: { id: c.payeeId },
    select: { id: true, bankName: true, bankAccount: true },
  })) as Pick<Worker, 'bankName' | 'bankAccount'> | null;
  return row?.bankName && row.bankAccount ? { bankName: row.bankName, bankAccount: row.bankAccount } : null;
}

/**
 * What a claim shows of the account: the one approved against once finance has approved,
 * otherwise the register's. Finance sees the whole number; everyone else its last four digits.
 */
export function accountView(account: PayeeAccount | null, approved: boolean, fullNumber: boolean) {
  if (!account) return { recorded: false as const, approved: false };
  return {
    recorded: true as const,
    approved,
    bankName: account.bankName,
    bankAccount: fullNumber ? account.bankAccount : maskBankAccount(account.bankAccount),
  };
}
