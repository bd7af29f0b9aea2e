import type { Actor, Role } from '../common/request-context.js';

/**
 * Who may open a document: the roles that may open the record it is about. A rights case's
 * acceptance notice carries the case facts, a household's contact card its family, a monthly
 * report the county's casework — finance opens none of them, as it opens none of those records.
 * A subject not listed here is open to casework roles only.
 */
const READERS: Record<string, readonly Role[]> = {
  worker: ['admin', 'caseworker', 'finance'],
  placement: ['admin', 'caseworker', 'finance'],
  claim: ['admin', 'caseworker', 'finance'],
  payout_batch: ['admin', 'finance'],
  case: ['admin', 'caseworker'],
  household: ['admin', 'caseworker'],
  monthly_report: ['admin', 'caseworker'],
};
const CASEWORK: readonly Role[] = ['admin', 'caseworker'];

/** Whether this actor may open documents about this kind of record (the system, running processes, may). */
export function mayReadDocumentOf(actor: Pick<Actor, 'role'>, subjectType: string): boolean {
  if (actor.role === 'system') return true;
  return (READERS[subjectType] ?? CASEWORK).includes(actor.role);
}
