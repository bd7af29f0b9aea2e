import type { Actor } from '../common/request-context.js';
import { maskCitizenId, maskPhone } from '../identity/index.js';

/** Only caseworkers and admins ever see a full ID or phone number, and only on a single-record read. */
export const seesFullPersonalData = (actor: Actor) => actor.role === 'caseworker' || actor.role === 'admin';

export function maskPerson<T extends { citizenId?: string; phone?: string }>(p: T): T {
  return {
    ...p,
    ...(p.citizenId ? { citizenId: maskCitizenId(p.citizenId) } : {}),
    ...(p.phone ? { phone: maskPhone(p.phone) } : {}),
  };
}
