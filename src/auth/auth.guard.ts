import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthErrors } from './auth.errors.js';
import { Actor, requestContext, Role } from '../common/request-context.js';
import { CITY_WIDE_KEY, PUBLIC_KEY, ROLES_KEY } from '../common/roles.decorator.js';
import { AuthService } from './auth.service.js';
import {
  CONSOLE_KEY,
  csrfFor,
  sameToken,
  SESSION_COOKIE,
  UPLOAD_CSRF_KEY,
  type UploadRequest,
} from './console-session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Default deny: an endpoint is reachable only if it declares @Public or @Roles, and then
 * only by a valid, unexpired, unrevoked bearer token of a user with one of those roles.
 * Console pages (@ConsolePages) take the same token from the session cookie, and then a
 * state-changing request must carry the session's CSRF token (`_csrf` field or X-CSRF-Token).
 * The city's staff read every county's records but change only what is @CityWide.
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
    const req = context
      .switchToHttp()
      .getRequest<Request & { actor?: Actor; sessionId?: string; sessionToken?: string }>();
    const header = req.header('authorization') ?? '';
    const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header);
    const isConsole = this.reflector.getAllAndOverride<boolean>(CONSOLE_KEY, targets) === true;
    const cookie = isConsole ? (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE] : undefined;
    const token = m?.[1] ?? (cookie && /^[A-Za-z0-9_-]{20,200}$/.test(cookie) ? cookie : undefined);
    if (!token) throw AuthErrors.REQUIRED();
    if (!m && !SAFE_METHODS.has(req.method)) {
      const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.header('x-csrf-token');
      // A form with a file is not read yet: its token is checked as soon as it is (ConsoleUpload).
      const afterUpload =
        sent === undefined &&
        req.is('multipart/form-data') &&
        this.reflector.getAllAndOverride<boolean>(UPLOAD_CSRF_KEY, targets) === true;
      if (afterUpload) (req as UploadRequest).csrfExpected = csrfFor(token);
      else if (!sameToken(sent, csrfFor(token))) throw AuthErrors.CSRF();
    }
    const found = await this.auth.resolveToken(token);
    if (!found) throw AuthErrors.INVALID_TOKEN();
    req.actor = found.actor;
    req.sessionId = found.sessionId;
    req.sessionToken = token;
    const ctx = requestContext.get();
    if (ctx) ctx.actor = found.actor;
    if (!roles || !roles.includes(found.actor.role as Role)) {
      throw AuthErrors.FORBIDDEN();
    }
    if (
      found.actor.office?.kind === 'city' &&
      !SAFE_METHODS.has(req.method) &&
      !this.reflector.getAllAndOverride<boolean>(CITY_WIDE_KEY, targets)
    )
      throw AuthErrors.CITY_READ_ONLY();
    return true;
  }
}
