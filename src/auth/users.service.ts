import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserErrors } from './auth.errors.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from './auth.service.js';
import type { CreateUserDto, UpdateUserDto } from './auth.dto.js';
import { hashPassword, temporaryPassword } from './passwords.js';
import { User } from './user.entity.js';
import { requestContext } from '../common/request-context.js';
import { OfficesService } from '../offices/offices.service.js';

export type PublicUser = Omit<User, 'passwordHash'>;
/** A user as the admin's list shows them: their office by name, whether the throttle locks their login, their last login. */
export type ListedUser = PublicUser & { officeName: string; lockedUntil: Date | null; lastLoginAt: Date | null };
const strip = ({ passwordHash: _omit, ...rest }: User): PublicUser => rest;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly offices: OfficesService,
  ) {}

  /**
   * A new user; without a password named, the system makes a temporary one, returned here once
   * (never stored but as its hash, never audited).
   */
  async create(dto: CreateUserDto): Promise<PublicUser & { temporaryPassword?: string }> {
    const temporary = dto.password === undefined ? temporaryPassword() : undefined;
    const password = dto.password ?? temporary!;
    const user = await this.db.transaction(async (m) => {
      const existing = await m.findOneBy(User, { username: dto.username });
      if (existing) throw UserErrors.EXISTS({ existingId: existing.id });
      // Without an office named, the user joins the creating admin's, or (at set-up) the first county.
      const officeId: number =
        dto.officeId ??
        requestContext.get()?.actor?.office?.id ??
        (await m.query(`SELECT min(id) AS id FROM offices WHERE kind = 'county'`))[0].id;
      // An admin places users only in the offices they manage.
      await this.offices.requireManaged(officeId, m);
      const user = await m.save(
        User,
        m.create(User, {
          username: dto.username,
          displayName: dto.displayName,
          officePhone: dto.officePhone ?? null,
          role: dto.role,
          officeId,
          passwordHash: await hashPassword(password),
          active: true,
        }),
      );
      await this.audit.record(
        {
          entity: 'user',
          entityId: user.id,
          action: 'create',
          after: { ...strip(user), ...(temporary ? { temporaryPassword: true } : {}) },
        },
        m,
      );
      return strip(user);
    });
    return temporary ? { ...user, temporaryPassword: temporary } : user;
  }

  /** The users of the offices the acting admin manages, each with their office's name. */
  async list(): Promise<ListedUser[]> {
    const managed = await this.offices.managedIds();
    const qb = this.db.getRepository(User).createQueryBuilder('u').orderBy('u.id', 'ASC');
    if (managed) qb.where('u.officeId = ANY(:managed)', { managed });
    const users = await qb.getMany();
    const names = await this.offices.namesOf(users.map((u) => u.officeId));
    const locked = await this.auth.lockedUntil(users.map((u) => u.username));
    const logins = await this.auth.lastLogins(users.map((u) => u.id));
    return users.map((u) => ({
      ...strip(u),
      officeName: names.get(u.officeId) ?? '',
      lockedUntil: locked.get(u.username) ?? null,
      lastLoginAt: logins.get(u.id) ?? null,
    }));
  }

  /** One user of an office the acting admin manages, as the list shows them. */
  async get(id: number): Promise<ListedUser> {
    const user = (await this.list()).find((u) => u.id === id);
    if (!user) throw UserErrors.NOT_FOUND();
    return user;
  }

  /** A user of an office the acting admin manages; any other is 404, as if it did not exist. */
  private async managedUser(m: EntityManager, id: number): Promise<User> {
    const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
    const managed = await this.offices.managedIds(m);
    if (!user || (managed && !managed.includes(user.officeId))) throw UserErrors.NOT_FOUND();
    return user;
  }

  /**
   * Refuses a change that would leave the city or a county bureau without an active admin: the
   * user is an active admin of it and no other is. A station's users are managed by its county,
   * so a station needs none. The office's row is locked first, so two admins removing each other
   * at the same moment are decided one after the other (the second sees the first's change).
   */
  private async requireNotLastAdmin(m: EntityManager, user: User): Promise<void> {
    if (user.role !== 'admin' || !user.active) return;
    const [office]: { id: number; kind: string; name: string }[] = await m.query(
      `SELECT id, kind, name FROM offices WHERE id = $1 FOR UPDATE`,
      [user.officeId],
    );
    if (!office || office.kind === 'station') return;
    const [{ others }]: { others: number }[] = await m.query(
      `SELECT count(*)::int AS others FROM users WHERE "officeId" = $1 AND role = 'admin' AND active AND id <> $2`,
      [office.id, user.id],
    );
    if (others === 0) throw UserErrors.LAST_ADMIN({ scope: office.name });
  }

  async update(id: number, dto: UpdateUserDto): Promise<PublicUser> {
    const result = await this.db.transaction(async (m) => {
      const user = await this.managedUser(m, id);
      const before = strip({ ...user });
      const removesAdmin =
        dto.active === false ||
        (dto.role !== undefined && dto.role !== 'admin') ||
        (dto.officeId !== undefined && dto.officeId !== user.officeId);
      if (removesAdmin) await this.requireNotLastAdmin(m, user);
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.officePhone !== undefined) user.officePhone = dto.officePhone;
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.officeId !== undefined) user.officeId = (await this.offices.requireManaged(dto.officeId, m)).id;
      if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
      const saved = await m.save(User, user);
      await this.audit.record(
        {
          entity: 'user',
          entityId: id,
          action:
            dto.active === false && before.active
              ? 'deactivate'
              : dto.active === true && !before.active
                ? 'reactivate'
                : 'update',
          before,
          after: { ...strip(saved), ...(dto.password ? { passwordChanged: true } : {}) },
        },
        m,
      );
      return strip(saved);
    });
    if (dto.active === false || dto.password || (dto.role && dto.role !== result.role)) await this.auth.revokeAll(id);
    return result;
  }

  /**
   * 重置密码: the system makes a temporary password, which replaces the old one at once and is
   * returned here only (the audit records that it was reset, never the password). The user's
   * sessions end, and a lock from failed logins is lifted so they can log in with it.
   */
  async resetPassword(id: number): Promise<{ user: PublicUser; temporaryPassword: string }> {
    const password = temporaryPassword();
    const user = await this.db.transaction(async (m) => {
      const u = await this.managedUser(m, id);
      u.passwordHash = await hashPassword(password);
      const saved = await m.save(User, u);
      const unlocked = await this.auth.clearThrottle(u.username, m);
      await this.audit.record(
        { entity: 'user', entityId: id, action: 'password_reset', after: { temporaryPassword: true, unlocked } },
        m,
      );
      return strip(saved);
    });
    await this.auth.revokeAll(id);
    return { user, temporaryPassword: password };
  }

  /** 解除锁定: lifts the lock the login throttle put on a user after repeated failed logins. */
  async unlock(id: number): Promise<ListedUser> {
    await this.db.transaction(async (m) => {
      const u = await this.managedUser(m, id);
      const until = (await this.auth.lockedUntil([u.username], m)).get(u.username);
      if (!until) throw UserErrors.NOT_LOCKED();
      await this.auth.clearThrottle(u.username, m);
      await this.audit.record(
        {
          entity: 'user',
          entityId: id,
          action: 'unlock',
          before: { lockedUntil: until },
          after: { lockedUntil: null },
        },
        m,
      );
    });
    return this.get(id);
  }
}
