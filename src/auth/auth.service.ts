import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AuthErrors } from './auth.errors.js';
import { Actor } from '../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.js';
import { AuthSession } from './session.entity.js';
import { User } from './user.entity.js';
import { LoginThrottle } from './login-throttle.entity.js';

const FREE_FAILURES = 5;
const LOCK_MINUTES = 15;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async login(
    username: string,
    password: string,
  ): Promise<{
    token: string;
    expiresAt: Date;
    user: { id: number; username: string; role: string; displayName: string };
  }> {
    const key = username.trim().toLowerCase();
    const throttle = await this.db.getRepository(LoginThrottle).findOneBy({ key });
    if (throttle && throttle.failures >= FREE_FAILURES) {
      const until = throttle.lastFailureAt.getTime() + LOCK_MINUTES * 60_000;
      if (until > Date.now()) {
        const minutes = Math.ceil((until - Date.now()) / 60_000);
        throw AuthErrors.THROTTLED({ minutes, retryAfterSeconds: Math.ceil((until - Date.now()) / 1000) });
      }
    }
    const user = await this.db.getRepository(User).findOneBy({ username: key });
    // Unknown user: still pay for one hash so timing does not tell them apart.
    const ok = user
      ? await verifyPassword(password, user.passwordHash)
      : (await verifyPassword(password, await DUMMY_HASH_PROMISE), false);
    if (!ok || !user || !user.active) {
      await this.db.query(
        `INSERT INTO login_throttle (key, failures, "lastFailureAt") VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN login_throttle."lastFailureAt" < now() - interval '${LOCK_MINUTES} minutes' THEN 1 ELSE login_throttle.failures + 1 END, "lastFailureAt" = now()`,
        [key],
      );
      throw AuthErrors.BAD_CREDENTIALS();
    }
    await this.db.getRepository(LoginThrottle).delete({ key });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.AUTH_TOKEN_TTL_MINUTES * 60_000);
    const session = await this.db
      .getRepository(AuthSession)
      .save({ tokenHash: sha256(token), userId: user.id, expiresAt, revokedAt: null });
    await this.audit.record({
      entity: 'user',
      entityId: user.id,
      action: 'login',
      after: { sessionId: session.id, expiresAt },
      actor: { userId: user.id, username: user.username, role: user.role },
    });
    return {
      token,
      expiresAt,
      user: { id: user.id, username: user.username, role: user.role, displayName: user.displayName },
    };
  }

  async resolveToken(token: string): Promise<{ actor: Actor; sessionId: string } | null> {
    const rows: {
      sessionId: string;
      id: number;
      username: string;
      displayName: string;
      role: Actor['role'];
      brokerId: number | null;
    }[] = await this.db.query(
      `SELECT s.id AS "sessionId", u.id, u.username, u."displayName", u.role, b.id AS "brokerId"
         FROM auth_sessions s JOIN users u ON u.id = s."userId"
         LEFT JOIN brokers b ON b."userId" = u.id
        WHERE s."tokenHash" = $1 AND s."revokedAt" IS NULL AND s."expiresAt" > now() AND u.active`,
      [sha256(token)],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return {
      sessionId: r.sessionId,
      actor: { userId: r.id, username: r.username, displayName: r.displayName, role: r.role, brokerId: r.brokerId },
    };
  }

  async logout(sessionId: string, actor: Actor): Promise<void> {
    await this.db.getRepository(AuthSession).update({ id: sessionId }, { revokedAt: new Date() });
    await this.audit.record({ entity: 'user', entityId: actor.userId ?? 0, action: 'logout', after: { sessionId } });
  }

  /** Revokes every session of a user (admin, e.g. when a laptop is lost). */
  async revokeAll(userId: number): Promise<number> {
    const r = await this.db.query(
      `UPDATE auth_sessions SET "revokedAt" = now() WHERE "userId" = $1 AND "revokedAt" IS NULL`,
      [userId],
    );
    await this.audit.record({ entity: 'user', entityId: userId, action: 'sessions_revoked', after: { count: r[1] } });
    return r[1] ?? 0;
  }
}
