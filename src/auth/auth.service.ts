import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AuthErrors } from './auth.errors.js';
import { Actor, type OfficeKind, reachOf } from '../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.js';
import { AuthSession } from './session.entity.js';
import { User } from './user.entity.js';
import { LoginThrottle } from './login-throttle.entity.js';

export const FREE_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** The window of LOGIN_ADDRESS_FAILURES: a whole office behind one address mistyping stays well below. */
const ADDRESS_WINDOW_MINUTES = 15;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** `address`: the client's, when the login comes over HTTP; its failures are limited too. */
  async login(
    username: string,
    password: string,
    address?: string,
  ): Promise<{
    token: string;
    expiresAt: Date;
    user: { id: number; username: string; role: string; displayName: string };
  }> {
    const key = username.trim().toLowerCase();
    if (address) await this.checkAddress(address);
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
      if (address)
        await this.db.query(
          `INSERT INTO login_address_throttle (address, failures, "windowStartedAt") VALUES ($1, 1, now())
           ON CONFLICT (address) DO UPDATE SET
             failures = CASE WHEN login_address_throttle."windowStartedAt" < now() - interval '${ADDRESS_WINDOW_MINUTES} minutes' THEN 1 ELSE login_address_throttle.failures + 1 END,
             "windowStartedAt" = CASE WHEN login_address_throttle."windowStartedAt" < now() - interval '${ADDRESS_WINDOW_MINUTES} minutes' THEN now() ELSE login_address_throttle."windowStartedAt" END`,
          [address.slice(0, 64)],
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

  /**
   * Refused before any password is hashed once the address has failed too often in its window.
   * A success does not clear it: one good account must not buy an address more guesses.
   */
  private async checkAddress(address: string): Promise<void> {
    const [row]: { failures: number; until: Date }[] = await this.db.query(
      `SELECT failures, "windowStartedAt" + interval '${ADDRESS_WINDOW_MINUTES} minutes' AS until
         FROM login_address_throttle WHERE address = $1 AND "windowStartedAt" > now() - interval '${ADDRESS_WINDOW_MINUTES} minutes'`,
      [address.slice(0, 64)],
    );
    if (!row || row.failures < this.config.LOGIN_ADDRESS_FAILURES) return;
    const left = new Date(row.until).getTime() - Date.now();
    throw AuthErrors.ADDRESS_THROTTLED({
      minutes: Math.max(1, Math.ceil(left / 60_000)),
      retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)),
    });
  }

  async resolveToken(token: string): Promise<{ actor: Actor; sessionId: string } | null> {
    const rows: {
      sessionId: string;
      id: number;
      username: string;
      displayName: string;
      role: Actor['role'];
      brokerId: number | null;
      officeId: number;
      officeKind: OfficeKind;
      officeName: string;
      bureauName: string;
      officeParent: number | null;
      cityCounties: number[] | null;
    }[] = await this.db.query(
      `SELECT s.id AS "sessionId", u.id, u.username, u."displayName", u.role, b.id AS "brokerId",
              o.id AS "officeId", o.kind AS "officeKind", o.name AS "officeName", o."parentId" AS "officeParent",
              CASE o.kind WHEN 'station' THEN (SELECT c.name FROM offices c WHERE c.id = o."parentId") ELSE o.name END AS "bureauName",
              (SELECT array_agg(c.id ORDER BY c.id) FROM offices c WHERE c."parentId" = o.id AND c.kind = 'county') AS "cityCounties"
         FROM auth_sessions s JOIN users u ON u.id = s."userId" JOIN offices o ON o.id = u."officeId"
         LEFT JOIN brokers b ON b."userId" = u.id
        WHERE s."tokenHash" = $1 AND s."revokedAt" IS NULL AND s."expiresAt" > now() AND u.active`,
      [sha256(token)],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return {
      sessionId: r.sessionId,
      actor: {
        userId: r.id,
        username: r.username,
        displayName: r.displayName,
        role: r.role,
        brokerId: r.brokerId,
        office: { id: r.officeId, kind: r.officeKind, name: r.officeName, bureauName: r.bureauName },
        reach: reachOf({ id: r.officeId, kind: r.officeKind, parentId: r.officeParent }, r.cityCounties ?? []),
      },
    };
  }

  async logout(sessionId: string, actor: Actor): Promise<void> {
    await this.db.getRepository(AuthSession).update({ id: sessionId }, { revokedAt: new Date() });
    await this.audit.record({ entity: 'user', entityId: actor.userId ?? 0, action: 'logout', after: { sessionId } });
  }

  /** Until when each of these logins is locked by the throttle (absent: not locked). */
  async lockedUntil(usernames: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, Date>> {
    if (!usernames.length) return new Map();
    const rows: { key: string; until: Date }[] = await m.query(
      `SELECT key, "lastFailureAt" + interval '${LOCK_MINUTES} minutes' AS until FROM login_throttle
        WHERE key = ANY($1) AND failures >= $2 AND "lastFailureAt" > now() - interval '${LOCK_MINUTES} minutes'`,
      [usernames.map((u) => u.toLowerCase()), FREE_FAILURES],
    );
    return new Map(rows.map((r) => [r.key, new Date(r.until)]));
  }

  /** Clears a login's failure count, so a locked user may log in again at once; true if it was locked. */
  async clearThrottle(username: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const locked = (await this.lockedUntil([username], m)).size > 0;
    await m.query(`DELETE FROM login_throttle WHERE key = $1`, [username.toLowerCase()]);
    return locked;
  }

  /** The last successful login of each user, from the audit trail (absent: none recorded). */
  async lastLogins(userIds: readonly number[]): Promise<Map<number, Date>> {
    if (!userIds.length) return new Map();
    const rows: { id: string; at: Date }[] = await this.db.query(
      `SELECT "entityId" AS id, max(at) AS at FROM audit_log
        WHERE entity = 'user' AND action = 'login' AND "entityId" = ANY($1) GROUP BY "entityId"`,
      [userIds.map(String)],
    );
    return new Map(rows.map((r) => [Number(r.id), new Date(r.at)]));
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
