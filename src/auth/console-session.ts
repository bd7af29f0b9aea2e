import { SetMetadata } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';

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

export function csrfFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('labour-export console csrf v1').digest('base64url');
}

/** Constant-time comparison of two tokens (false when either is missing). */
export function sameToken(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
