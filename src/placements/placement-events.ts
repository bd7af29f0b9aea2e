import type { PolicySnapshot } from '../policy/policy-keys.js';
import type { Placement } from './placement.entity.js';

/** What a placement tells the contexts that build on it (the broker's referral), in its own transaction. */
declare module '../common/events.js' {
  interface DomainEvents {
    /** Registered, with the policy in force on the day of registration. */
    'placement.registered': { placement: Placement; policy: PolicySnapshot };
    /** Ended by the caseworker (the worker left) on `endDate`. */
    'placement.ended': { placement: Placement; endDate: string };
  }
}
