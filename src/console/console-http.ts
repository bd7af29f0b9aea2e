import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import type { Actor } from '../common/request-context.js';
import { ErrorFilter } from '../common/error.filter.js';
import { DomainError } from '../common/errors.js';
import { errorsOf, type Errors, type FormBody, FormOnce, text } from './forms.js';
import { csrfFor, SESSION_COOKIE } from '../auth/console-session.js';
import { ConsoleViews, type NavCounts, type PageContext } from './views.js';
import { AuthErrors } from '../auth/auth.errors.js';

export type ConsoleRequest = Request & { actor: Actor; sessionId: string; sessionToken: string; navCounts?: NavCounts };

const FLASH_COOKIE = 'le_flash';
const flashOptions: CookieOptions = { httpOnly: true, sameSite: 'lax', path: '/console', maxAge: 60_000 };

/** Only our own console paths are followed after login (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/console(\/[A-Za-z0-9/_\-.?=&%]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/console';
}

/** Where a refused or repeated POST goes back to: the page the form was on, if it is ours. */
function backOf(req: Request): string {
  const ref = req.header('referer');
  if (!ref) return '/console';
  try {
    const u = new URL(ref);
    return u.host === req.header('host') ? safeNext(u.pathname + u.search) : '/console';
  } catch {
    return '/console';
  }
}

export function pageContext(req: ConsoleRequest, res: Response): PageContext {
  const flash = (req.cookies as Record<string, string> | undefined)?.[FLASH_COOKIE];
  if (flash) res.clearCookie(FLASH_COOKIE, { path: '/console' });
  const q = req.query?.q;
  return {
    actor: req.actor,
    csrf: csrfFor(req.sessionToken),
    path: req.path,
    flash: flash ?? null,
    query: typeof q === 'string' ? q.trim() : '',
    navCounts: req.navCounts,
  };
}

export function setFlash(res: Response, message: string): void {
  res.cookie(FLASH_COOKIE, message, { ...flashOptions, secure: res.req.secure });
}

/**
 * Console errors as pages, not JSON: no session (or an expired one) → the login page, which
 * comes back here afterwards; a role that may not see a page → 403 in Chinese; a stale form →
 * a page that says so.
 */
@Catch()
export class ConsoleFilter implements ExceptionFilter {
  private readonly json = new ErrorFilter();
  constructor(private readonly views: ConsoleViews) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const body = this.json.toBody(exception);
    const code = exception instanceof DomainError ? exception.code : undefined;
    if (body.statusCode === 401) {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      const next = req.method === 'GET' ? safeNext(req.originalUrl) : backOf(req);
      res.redirect(303, `/console/login?next=${encodeURIComponent(next)}&expired=1`);
      return;
    }
    const ctx =
      req.actor && req.sessionToken ? { actor: req.actor, csrf: csrfFor(req.sessionToken), path: req.path } : null;
    // The answer's message is its catalogue entry's; only a role refusal reads differently on a page.
    const message = code === AuthErrors.FORBIDDEN.code ? '您的角色无权访问此页面。' : body.message;
    res
      .status(body.statusCode)
      .type('html')
      .send(
        this.views.render('error', `${body.statusCode}`, ctx, { status: body.statusCode, message, back: backOf(req) }),
      );
  }
}

/** The POST side of every console form: once only, validation errors back on the form, then redirect. */
@Injectable()
export class ConsoleForms {
  constructor(
    readonly views: ConsoleViews,
    private readonly once: FormOnce,
  ) {}

  async submit(
    req: ConsoleRequest,
    res: Response,
    body: FormBody,
    opts: {
      /** Does the thing; returns where to go next. Throw DomainError (or return errors) to refuse. */
      action: () => Promise<string | Errors | { url: string; result: unknown }>;
      /** Renders the form again with the errors and what was typed. */
      rerender: (errors: Errors) => string | Promise<string>;
      /** The notice shown after it; a function of what the action gave (its `result`) when that decides the words. */
      done: string | ((result: unknown) => string);
      /** The fields the form shows; a refusal about any other field is shown above the form instead of being lost. */
      fields?: string[];
    },
  ): Promise<void> {
    const token = text(body, '_once');
    const claim = await this.once.claim(token, req.sessionId);
    if (claim !== true) {
      setFlash(res, '该表单已经提交过，未重复办理。');
      res.redirect(303, claim.resultUrl ?? backOf(req));
      return;
    }
    let outcome: string | Errors | { url: string; result: unknown };
    try {
      outcome = await opts.action();
    } catch (e) {
      outcome = errorsOf(e);
      if (e instanceof DomainError) outcome = { ...outcome, _status: String(e.status) };
    }
    if (typeof outcome === 'string' || isResult(outcome)) {
      const url = typeof outcome === 'string' ? outcome : outcome.url;
      const result = typeof outcome === 'string' ? undefined : outcome.result;
      await this.once.done(token, url, result);
      setFlash(res, typeof opts.done === 'function' ? opts.done(result) : opts.done);
      res.redirect(303, url);
      return;
    }
    await this.once.release(token);
    const { _status, ...errors } = outcome;
    if (opts.fields) {
      const elsewhere = Object.entries(errors).filter(([k]) => k !== '_form' && !opts.fields!.includes(k));
      for (const [k] of elsewhere) delete errors[k];
      if (elsewhere.length)
        errors._form = [errors._form, ...elsewhere.map(([k, v]) => `${k}：${v}`)].filter(Boolean).join('；');
    }
    const html = await opts.rerender(errors);
    res
      .status(Number(_status ?? 400) === 409 ? 409 : 400)
      .type('html')
      .send(html);
  }
}

function isResult(o: unknown): o is { url: string; result: unknown } {
  return typeof o === 'object' && o !== null && typeof (o as { url?: unknown }).url === 'string' && 'result' in o;
}
