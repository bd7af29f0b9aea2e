import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * The console's Content-Security-Policy: scripts, styles, fonts and forms only from the app
 * itself (its one script is a file, /console/assets/console.js), no frames of it anywhere.
 * Styles may be inline: pages carry a style sheet and a few style attributes, which cannot run code.
 */
const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
};

const everywhere = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP },
  // Pages link only to the app itself; another site learns nothing of where a user came from.
  referrerPolicy: { policy: 'same-origin' },
  // Sent on every answer; a browser heeds it only over TLS, which is the point.
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
});
// Swagger UI runs inline scripts of its own: every other header, without the policy.
const apiDocs = helmet({ contentSecurityPolicy: false, referrerPolicy: { policy: 'same-origin' } });

/** Security headers on every answer (helmet also drops X-Powered-By). */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  (req.path.startsWith('/api/docs') ? apiDocs : everywhere)(req, res, next);
}

/** Answers that may be cached: the shipped fonts and the console's script, which carry nothing personal. */
const CACHEABLE = /^\/(fonts\/|console\/assets\/)/;

/** Pages and API answers carry personal data: no browser or proxy keeps a copy. */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (!CACHEABLE.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}
