import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/errors.js';
import { Actor, requestContext, Role } from '../audit/request-context.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import { AuthService } from './auth.service.js';

/**
 * Default deny: an endpoint is reachable only if it declares @Public or @Roles, and then
 * only by a valid, unexpired, unrevoked bearer token of a user with one of those roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor; sessionId?: string }>();
    const header = req.header('authorization') ?? '';
    const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!m) throw new DomainError('AUTH.REQUIRED', 'log in first: send Authorization: Bearer <token>', HttpStatus.UNAUTHORIZED);
    const found = await this.auth.resolveToken(m[1]);
    if (!found) throw new DomainError('AUTH.INVALID_TOKEN', 'the token is unknown, expired or revoked; log in again', HttpStatus.UNAUTHORIZED);
    req.actor = found.actor;
    req.sessionId = found.sessionId;
    const ctx = requestContext.get();
    if (ctx) ctx.actor = found.actor;
    if (!roles || !roles.includes(found.actor.role as Role)) {
      throw new DomainError('AUTH.FORBIDDEN', 'your role may not do this', HttpStatus.FORBIDDEN);
    }
    return true;
  }
}
