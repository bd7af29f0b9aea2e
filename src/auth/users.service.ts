import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserErrors } from './auth.errors.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from './auth.service.js';
import type { CreateUserDto, UpdateUserDto } from './auth.dto.js';
import { hashPassword } from './passwords.js';
import { User } from './user.entity.js';

export type PublicUser = Omit<User, 'passwordHash'>;
const strip = ({ passwordHash: _omit, ...rest }: User): PublicUser => rest;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  async create(dto: CreateUserDto): Promise<PublicUser> {
    return this.db.transaction(async (m) => {
      const existing = await m.findOneBy(User, { username: dto.username });
      if (existing) throw UserErrors.EXISTS({ existingId: existing.id });
      const user = await m.save(
        User,
        m.create(User, {
          username: dto.username,
          displayName: dto.displayName,
          officePhone: dto.officePhone ?? null,
          role: dto.role,
          passwordHash: await hashPassword(dto.password),
          active: true,
        }),
      );
      await this.audit.record({ entity: 'user', entityId: user.id, action: 'create', after: strip(user) }, m);
      return strip(user);
    });
  }

  async list(): Promise<PublicUser[]> {
    return (await this.db.getRepository(User).find({ order: { id: 'ASC' } })).map(strip);
  }

  async update(id: number, dto: UpdateUserDto): Promise<PublicUser> {
    const result = await this.db.transaction(async (m) => {
      const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw UserErrors.NOT_FOUND();
      const before = strip({ ...user });
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.officePhone !== undefined) user.officePhone = dto.officePhone;
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
      const saved = await m.save(User, user);
      await this.audit.record(
        {
          entity: 'user',
          entityId: id,
          action: dto.active === false ? 'deactivate' : 'update',
          before,
          after: { ...strip(saved), ...(dto.password ? { passwordChanged: true } : {}) },
        },
        m,
      );
      return strip(saved);
    });
    if (dto.active === false || dto.password) await this.auth.revokeAll(id);
    return result;
  }
}
