import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { User } from './user.entity.js';

/** How the system itself appears where a person's name would (system:workflow, system:seed…). */
export const SYSTEM_NAME = '系统自动';

export interface Person {
  name: string;
  /** The user's office phone, when recorded. */
  phone: string | null;
}

/**
 * Records keep the login of whoever acted (`openedBy`, `by`, `registeredBy`, …): a login is
 * unique, never changes and is never reused (users are deactivated, not deleted), so it names
 * the same person for good. People see that person's current name (姓名), resolved here when a
 * record is shown; issued documents keep the name printed on the day they were issued.
 */
export class People {
  constructor(
    private readonly byLogin: ReadonlyMap<string, Person>,
    private readonly byId: ReadonlyMap<number, Person>,
  ) {}

  /** The person behind a login; a system actor is 系统自动; text that is no login (a name typed into a ledger) is shown as it is. */
  of(login: string | null | undefined): Person | null {
    if (!login) return null;
    if (login.startsWith('system:')) return { name: SYSTEM_NAME, phone: null };
    return this.byLogin.get(login) ?? { name: login, phone: null };
  }

  name(login: string | null | undefined): string | null {
    return this.of(login)?.name ?? null;
  }

  byUserId(id: number | null | undefined): Person | null {
    return id == null ? null : (this.byId.get(id) ?? null);
  }

  /** Who an audit line names: the user's name, 系统自动 where a process acted (no user), — for a user no longer found. */
  actor(id: number | null | undefined): string {
    return this.byUserId(id)?.name ?? (id == null ? SYSTEM_NAME : '—');
  }
}

@Injectable()
export class UserDirectory {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The people behind these logins and user ids, in one query. */
  async people(
    logins: Iterable<string | null | undefined>,
    ids: Iterable<number | null | undefined> = [],
    manager: EntityManager = this.db.manager,
  ): Promise<People> {
    const wantLogins = [...new Set([...logins].filter((l): l is string => !!l && !l.startsWith('system:')))];
    const wantIds = [...new Set([...ids].filter((i): i is number => typeof i === 'number'))];
    const users =
      wantLogins.length || wantIds.length
        ? await manager.find(User, {
            where: [
              ...(wantLogins.length ? [{ username: In(wantLogins) }] : []),
              ...(wantIds.length ? [{ id: In(wantIds) }] : []),
            ],
          })
        : [];
    const person = (u: User): Person => ({ name: u.displayName, phone: u.officePhone });
    return new People(new Map(users.map((u) => [u.username, person(u)])), new Map(users.map((u) => [u.id, person(u)])));
  }

  /** The user id behind a login: null for the system or text that is no login. */
  async idOf(login: string, manager: EntityManager = this.db.manager): Promise<number | null> {
    if (login.startsWith('system:')) return null;
    return (await manager.findOneBy(User, { username: login }))?.id ?? null;
  }
}
