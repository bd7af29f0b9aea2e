import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { AuthService } from '../auth/auth.service.js';
import { CityWide, Public, Roles } from '../common/roles.decorator.js';
import { DomainError } from '../common/errors.js';
import { ConsoleFilter, type ConsoleRequest, safeNext } from './console-http.js';
import { type FormBody, text } from './forms.js';
import { ConsolePages, LOGIN_CSRF_COOKIE, sameToken, SESSION_COOKIE } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

const HOME: Record<string, string> = {
  admin: '/console/tasks',
  caseworker: '/console/tasks',
  finance: '/console/claims',
  broker: '/console/my-referrals',
};

/** 登录 / 退出: the API's users and sessions, kept in a cookie for the browser. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console')
export class ConsoleLoginController {
  constructor(
    private readonly auth: AuthService,
    private readonly views: ConsoleViews,
  ) {}

  @Get('login')
  @Public()
  loginPage(
    @Query('next') next: string | undefined,
    @Query('expired') expired: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): void {
    const loginCsrf = randomBytes(18).toString('base64url');
    res.cookie(LOGIN_CSRF_COOKIE, loginCsrf, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/console/login',
      secure: req.secure,
    });
    res.type('html').send(
      this.views.render('login', '登录', null, {
        next: safeNext(next),
        expired: expired === '1',
        loginCsrf,
        form: {},
        errors: {},
      }),
    );
  }

  @Post('login')
  @Public()
  async login(@Body() body: FormBody, @Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeNext(text(body, 'next'));
    const username = text(body, 'username');
    const password = typeof body.password === 'string' ? body.password : '';
    const again = (status: number, errors: Record<string, string>) => {
      const loginCsrf = randomBytes(18).toString('base64url');
      res.cookie(LOGIN_CSRF_COOKIE, loginCsrf, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/console/login',
        secure: req.secure,
      });
      res
        .status(status)
        .type('html')
        .send(this.views.render('login', '登录', null, { next, loginCsrf, form: { username }, errors }));
    };
    if (!sameToken(text(body, '_csrf'), (req.cookies as Record<string, string>)[LOGIN_CSRF_COOKIE])) {
      return again(403, { _form: '登录页面已过期，请重新输入后登录。' });
    }
    const errors: Record<string, string> = {};
    if (!username) errors.username = '请填写用户名';
    if (!password) errors.password = '请填写密码';
    if (Object.keys(errors).length) return again(400, errors);
    try {
      const { token, expiresAt, user } = await this.auth.login(username, password, req.ip);
      res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/console/login' });
      res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: req.secure,
        expires: expiresAt,
      });
      res.redirect(303, next === '/console' ? (HOME[user.role] ?? '/console') : next);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // Locked: the username's lock or the address's, each in its own words.
      if (e.status === 429) return again(429, { _form: `${e.message}。` });
      return again(401, { _form: '用户名或密码错误。' });
    }
  }

  @Post('logout')
  @CityWide()
  @Roles('admin', 'caseworker', 'finance', 'broker')
  async logout(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.auth.logout(req.sessionId, req.actor);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/console/login');
  }

  /** Each role starts on its own page. */
  @Get()
  @Roles('admin', 'caseworker', 'finance', 'broker')
  home(@Req() req: ConsoleRequest, @Res() res: Response): void {
    res.redirect(303, HOME[req.actor.role] ?? '/console/login');
  }
}
