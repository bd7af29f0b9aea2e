import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuthSession } from '../auth/session.entity.js';
import { LoginThrottle } from '../auth/login-throttle.entity.js';
import { User } from '../auth/user.entity.js';

/**
 * Every TypeORM entity, in one list: the Nest module and the migration CLI both use it,
 * so `migration:generate` always sees the whole model.
 */
export const entities: Function[] = [AuditEntry, User, AuthSession, LoginThrottle];
