import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface.js';
import type { Request } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Observable } from 'rxjs';
import { AuthErrors } from './auth.errors.js';

/**
 * The web console's session: the same login tokens as the API (auth_sessions), carried in an
 * HttpOnly, SameSite=Lax cookie instead of an Authorization header. A cookie is sent by the
 * browser on its own, so every state-changing console request must also carry a CSRF token
 * that only a page of ours can know: an HMAC of the (secret, HttpOnly) session token.
 */
export const SESSION_COOKIE = 'le_session';
/** Before login there is no session: the login form uses a double-submit cookie instead. */
export const LOGIN_CSRF_COOKIE = 'le_login_csrf';
export const CONSOLE_KEY = 'labour-export:console';

/** Marks a controller as console pages: the guard accepts the session cookie there (and only there). */
export const ConsolePages = () => SetMetadata(CONSOLE_KEY, true);

export const UPLOAD_CSRF_KEY = 'labour-export:upload-csrf';

/** A console request whose CSRF token is checked once its multipart body is read. */
export type UploadRequest = Request & { csrfExpected?: string };

/**
 * A console form with a file. Its multipart body is read after the guard has run, so the
 * guard leaves the CSRF check to CsrfAfterUpload, which reads the token from the form's own
 * `_csrf` field once the upload is parsed: the token never has to travel in the address,
 * where logs, history and referrers would keep it.
 */
export function ConsoleUpload(field: string, options: MulterOptions) {
  return applyDecorators(
    SetMetadata(UPLOAD_CSRF_KEY, true),
    UseInterceptors(FileInterceptor(field, options), CsrfAfterUpload),
  );
}

@Injectable()
export class CsrfAfterUpload implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (req.csrfExpected !== undefined && !sameToken(sent, req.csrfExpected)) throw AuthErrors.CSRF();
    return next.handle();
  }
}

export function csrfFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('labour-export console csrf v1').digest('base64url');
}

/** Constant-time comparison of two tokens (false when either is missing). */
export function sameToken(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
