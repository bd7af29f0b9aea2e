import type { Actor } from '../common/request-context.js';
import { maskBankAccount, maskCitizenId, maskPhone } from '../identity/index.js';

/** Only caseworkers and admins ever see a full ID or phone number, and only on a single-record read. */
export const seesFullPersonalData = (actor: Actor) => actor.role === 'caseworker' || actor.role === 'admin';

export function maskPerson<T extends { citizenId?: string; phone?: string; bankAccount?: string | null }>(p: T): T {
  return {
    ...p,
    ...(p.citizenId ? { citizenId: maskCitizenId(p.citizenId) } : {}),
    ...(p.phone ? { phone: maskPhone(p.phone) } : {}),
    ...(p.bankAccount ? { bankAccount: maskBankAccount(p.bankAccount) } : {}),
  };
}

/**
 * The register never shows a whole bank account, not even on a full read: finance sees it on the
 * claim it pays, and a caseworker correcting it types it again.
 */
export function maskAccount<T extends { bankAccount?: string | null }>(p: T): T {
  return p.bankAccount ? { ...p, bankAccount: maskBankAccount(p.bankAccount) } : p;
}
