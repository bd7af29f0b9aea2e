import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { asScheduleActor } from '../common/request-context.js';
import { Activities } from '../temporal/activities.decorator.js';

/**
 * How long a console form's one-time token is kept (src/console/forms.ts keeps it as long): a
 * reload of the form's POST within that time still finds where the first submission went.
 */
export const FORM_TOKEN_KEEP = '2 days';

/**
 * The daily purge: sessions that expired, or were revoked a day ago or more (neither signs in again), and
 * console form tokens past their keeping time. Deleting what is already gone is a no-op, so a
 * retry or a second run the same day changes nothing.
 */
@Injectable()
@Activities()
export class SessionPurgeActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async removeEndedSessions(): Promise<{ sessions: number; formTokens: number }> {
    return asScheduleActor('purge-sessions', () =>
      this.db.transaction(async (m) => {
        const [, sessions] = await m.query(
          `DELETE FROM auth_sessions WHERE "expiresAt" <= now() OR "revokedAt" <= now() - interval '1 day'`,
        );
        const [, formTokens] = await m.query(
          `DELETE FROM console_submissions WHERE "createdAt" < now() - $1::interval`,
          [FORM_TOKEN_KEEP],
        );
        if (sessions || formTokens)
          await this.audit.record(
            { entity: 'auth_session', entityId: 'expired', action: 'purge', after: { sessions, formTokens } },
            m,
          );
        return { sessions: Number(sessions), formTokens: Number(formTokens) };
      }),
    );
  }
}
