import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateUserDto, UpdateUserDto } from '../auth/auth.dto.js';
import { ConsolePages } from '../auth/console-session.js';
import { type PublicUser, UsersService } from '../auth/users.service.js';
import { DomainError } from '../common/errors.js';
import { CasesService } from '../cases/cases.service.js';
import { ROLES } from '../common/request-context.js';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { HouseholdsService } from '../households/households.service.js';
import type { Office } from '../offices/office.entity.js';
import { CreateOfficeDto, HandoverDto, UpdateOfficeDto } from '../offices/offices.dto.js';
import { type HeldRecord, type OfficeNode, OfficesService } from '../offices/offices.service.js';
import { UpdateTownshipDto } from '../registry/registry.dto.js';
import { RegistryService } from '../registry/registry.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext, setFlash } from './console-http.js';
import { type Errors, errorsOf, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

/** The tree as rows, each indented by its depth. */
function rows(tree: OfficeNode[], depth = 0): (Office & { indent: string })[] {
  return tree.flatMap(({ children, ...o }) => [
    { ...(o as Office), indent: '　'.repeat(depth * 2) },
    ...rows(children, depth + 1),
  ]);
}

/** Optional text fields of a form: only those typed are passed on. */
const typed = (body: FormBody, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => text(body, k) !== '').map((k) => [k, text(body, k)]));

/** 机构 and 用户: the admin's pages for the office tree, the townships' stations and the users of their offices. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console')
export class OfficePages {
  constructor(
    private readonly offices: OfficesService,
    private readonly registry: RegistryService,
    private readonly users: UsersService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
    private readonly once: FormOnce,
  ) {}

  private async officesPage(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors, form: string | null) {
    const list = rows(await this.offices.tree());
    const managed = new Set((await this.offices.managed()).map((o) => o.id));
    const townships = await this.registry.listTownships();
    const byId = new Map(list.map((o) => [o.id, o]));
    return this.views.render('offices', '机构', pageContext(req, res), {
      offices: list.map((o) => ({ ...o, editable: managed.has(o.id) })),
      parents: list.filter((o) => o.kind !== 'station' && managed.has(o.id)),
      kinds: req.actor.office?.kind === 'city' ? ['county', 'station'] : ['station'],
      townships: townships.map((t) => ({
        ...t,
        countyName: byId.get(t.countyId)?.name ?? '',
        stations: list.filter((o) => o.kind === 'station' && o.parentId === t.countyId && o.active),
        once: FormOnce.newToken(),
        errors: form === `township-${t.id}` ? errors : {},
      })),
      values: form === 'create' ? values : {},
      errors: form === 'create' ? errors : {},
      once: FormOnce.newToken(),
    });
  }

  @Get('offices')
  @Roles('admin')
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.officesPage(req, res, {}, {}, null));
  }

  @Post('offices')
  @CityWide()
  @Roles('admin')
  async create(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(CreateOfficeDto, {
          kind: text(body, 'kind'),
          parentId: int(body, 'parentId'),
          name: text(body, 'name'),
          ...typed(body, ['documentPrefix', 'phone', 'sealText', 'address']),
        });
        if (Object.keys(errors).length) return errors;
        await this.offices.create(dto);
        return '/console/offices';
      },
      rerender: (errors) => this.officesPage(req, res, body, errors, 'create'),
      done: '机构已设立。',
      fields: ['kind', 'parentId', 'name', 'documentPrefix', 'phone', 'sealText', 'address'],
    });
  }

  private async officePage(id: number, req: ConsoleRequest, res: Response, values: FormBody | null, errors: Errors) {
    const o = await this.offices.get(id);
    return this.views.render('office', o.name, pageContext(req, res), {
      o,
      values: values ?? o,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get('offices/:id')
  @Roles('admin')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.officePage(id, req, res, null, {}));
  }

  @Post('offices/:id')
  @CityWide()
  @Roles('admin')
  async update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(UpdateOfficeDto, {
          version: int(body, 'version'),
          name: text(body, 'name'),
          ...(body.documentPrefix !== undefined ? { documentPrefix: text(body, 'documentPrefix') } : {}),
          phone: text(body, 'phone') || null,
          sealText: text(body, 'sealText') || null,
          address: text(body, 'address') || null,
          active: text(body, 'active') !== 'no',
        });
        if (Object.keys(errors).length) return errors;
        await this.offices.update(id, dto);
        return '/console/offices';
      },
      rerender: (errors) => this.officePage(id, req, res, body, errors),
      done: '机构信息已保存。',
      fields: ['name', 'documentPrefix', 'phone', 'sealText', 'address', 'active'],
    });
  }

  @Post('townships/:id/station')
  @CityWide()
  @Roles('admin')
  async assign(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(UpdateTownshipDto, { stationId: int(body, 'stationId') ?? null });
        if (Object.keys(errors).length) return errors;
        await this.registry.updateTownship(id, dto);
        return '/console/offices#townships';
      },
      rerender: (errors) => this.officesPage(req, res, body, errors, `township-${id}`),
      done: '乡镇的服务机构已调整，原机构经办的该乡镇记录已一并移交。',
      fields: ['stationId'],
    });
  }

  // ---- users ----
  private async usersPage(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors) {
    const now = Date.now();
    return this.views.render('users', '用户', pageContext(req, res), {
      users: (await this.users.list()).map((u) => ({ ...u, locked: !!u.lockedUntil && u.lockedUntil.getTime() > now })),
      offices: rows(await this.offices.tree()).filter((o) => o.active),
      managed: (await this.offices.managed()).map((o) => o.id),
      roles: ROLES,
      values,
      errors,
      once: FormOnce.newToken(),
    });
  }

  /**
   * A form whose answer is a secret shown once (a temporary password): the answer is this POST's
   * own page, never a redirect, a flash or a stored result, so nothing can show it again; the
   * form's one-time token sends a resubmission (a reload) to `back` with the secret not shown.
   */
  private async secretOnce(
    req: ConsoleRequest,
    res: Response,
    body: FormBody,
    opts: { back: string; action: () => Promise<string | Errors>; rerender: (errors: Errors) => Promise<string> },
  ): Promise<void> {
    const token = text(body, '_once');
    if ((await this.once.claim(token, req.sessionId)) !== true) {
      setFlash(res, '该表单已经提交过，未重复办理。临时密码只在办理后显示一次，如未记下，请重新重置密码。');
      res.redirect(303, opts.back);
      return;
    }
    let out: string | Errors;
    let status = 400;
    try {
      out = await opts.action();
    } catch (e) {
      out = errorsOf(e);
      if (e instanceof DomainError) status = e.status;
    }
    if (typeof out === 'string') {
      await this.once.done(token, opts.back);
      res.set('Cache-Control', 'no-store').type('html').send(out);
      return;
    }
    await this.once.release(token);
    res
      .status(status)
      .type('html')
      .send(await opts.rerender(out));
  }

  private passwordPage(req: ConsoleRequest, res: Response, u: PublicUser, password: string, created: boolean) {
    return this.views.render('user-password', created ? '用户已创建' : '密码已重置', pageContext(req, res), {
      u,
      password,
      created,
    });
  }

  @Get('users')
  @Roles('admin')
  async userList(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.usersPage(req, res, { officeId: String(req.actor.office?.id ?? '') }, {}));
  }

  /** 新建用户: the system makes the first password, shown once on the answer page. */
  @Post('users')
  @CityWide()
  @Roles('admin')
  async createUser(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.secretOnce(req, res, body, {
      back: '/console/users',
      action: async () => {
        const { dto, errors } = await validateAs(CreateUserDto, {
          username: text(body, 'username'),
          displayName: text(body, 'displayName'),
          role: text(body, 'role'),
          officeId: int(body, 'officeId'),
          ...typed(body, ['officePhone']),
        });
        if (Object.keys(errors).length) return errors;
        const { temporaryPassword, ...u } = await this.users.create(dto);
        return this.passwordPage(req, res, u, temporaryPassword!, true);
      },
      rerender: (errors) => this.usersPage(req, res, body, errors),
    });
  }

  private async userPage(id: number, req: ConsoleRequest, res: Response, values: FormBody | null, errors: Errors) {
    const u = await this.users.get(id);
    return this.views.render('user', u.displayName, pageContext(req, res), {
      u,
      locked: !!u.lockedUntil && u.lockedUntil.getTime() > Date.now(),
      values: values ?? { ...u, officeId: String(u.officeId), officePhone: u.officePhone ?? '' },
      offices: (await this.offices.managed()).filter((o) => o.active || o.id === u.officeId),
      roles: ROLES,
      errors,
      once: FormOnce.newToken(),
      activeOnce: FormOnce.newToken(),
      resetOnce: FormOnce.newToken(),
      unlockOnce: FormOnce.newToken(),
    });
  }

  @Get('users/:id')
  @Roles('admin')
  async user(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.userPage(id, req, res, null, {}));
  }

  @Post('users/:id')
  @CityWide()
  @Roles('admin')
  async updateUser(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(UpdateUserDto, {
          displayName: text(body, 'displayName'),
          officePhone: text(body, 'officePhone') || null,
          officeId: int(body, 'officeId'),
          role: text(body, 'role'),
        });
        if (Object.keys(errors).length) return errors;
        await this.users.update(id, dto);
        return `/console/users/${id}`;
      },
      rerender: (errors) => this.userPage(id, req, res, body, errors),
      done: '用户信息已保存。',
      fields: ['displayName', 'officePhone', 'officeId', 'role'],
    });
  }

  /**
   * 停用 / 恢复: first a page that says what will happen, carrying the form's unused one-time
   * token; only the confirmed form changes it.
   */
  @Post('users/:id/active')
  @CityWide()
  @Roles('admin')
  async setActive(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const active = text(body, 'active') === 'yes';
    if (text(body, 'confirmed') !== 'yes') {
      const u = await this.users.get(id);
      if (u.active === active) {
        setFlash(res, active ? '该用户已在用，无需恢复。' : '该用户已停用。');
        res.redirect(303, `/console/users/${id}`);
        return;
      }
      res.type('html').send(
        this.views.render('user-confirm', active ? '恢复用户' : '停用用户', pageContext(req, res), {
          u,
          active,
          once: text(body, '_once'),
        }),
      );
      return;
    }
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(UpdateUserDto, { active });
        if (Object.keys(errors).length) return errors;
        await this.users.update(id, dto);
        return `/console/users/${id}`;
      },
      rerender: (errors) => this.userPage(id, req, res, null, errors),
      done: active ? '用户已恢复使用，可以重新登录。' : '用户已停用，其登录已全部退出。',
      fields: [],
    });
  }

  /** 重置密码: the temporary password is shown on this answer only. */
  @Post('users/:id/reset-password')
  @CityWide()
  @Roles('admin')
  async resetPassword(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.secretOnce(req, res, body, {
      back: `/console/users/${id}`,
      action: async () => {
        const { user, temporaryPassword } = await this.users.resetPassword(id);
        return this.passwordPage(req, res, user, temporaryPassword, false);
      },
      rerender: (errors) => this.userPage(id, req, res, null, errors),
    });
  }

  /** The answer page opened again by its address: the password is not shown again. */
  @Get('users/:id/reset-password')
  @Roles('admin')
  resetPasswordAgain(@Param('id', ParseIntPipe) id: number, @Res() res: Response): void {
    setFlash(res, '临时密码只在重置后显示一次，如未记下，请重新重置密码。');
    res.redirect(303, `/console/users/${id}`);
  }

  @Post('users/:id/unlock')
  @CityWide()
  @Roles('admin')
  async unlock(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.users.unlock(id);
        return `/console/users/${id}`;
      },
      rerender: (errors) => this.userPage(id, req, res, null, errors),
      done: '已解除登录锁定，该用户可以重新登录。',
      fields: [],
    });
  }
}

const RECORD_PAGES: Record<'cases' | 'households', { kind: HeldRecord; title: string }> = {
  cases: { kind: 'case', title: '维权案件' },
  households: { kind: 'household', title: '零就业家庭' },
};

/** 移交 from a record's page: the form is on the case's and the household's page; a refusal comes back on its own page. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console')
export class HandoverPages {
  constructor(
    private readonly offices: OfficesService,
    private readonly cases: CasesService,
    private readonly households: HouseholdsService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  private async record(kind: 'cases' | 'households', id: number, req: ConsoleRequest) {
    if (kind === 'cases') {
      const c = await this.cases.get(id, req.actor);
      return { name: `案件 ${c.number}`, countyId: c.countyId, officeId: c.officeId };
    }
    const h = await this.households.get(id);
    return { name: h.address, countyId: h.countyId, officeId: h.officeId };
  }

  private async post(kind: 'cases' | 'households', id: number, body: FormBody, req: ConsoleRequest, res: Response) {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(HandoverDto, {
          officeId: int(body, 'officeId'),
          reason: text(body, 'reason'),
        });
        if (Object.keys(errors).length) return errors;
        await this.offices.handover(RECORD_PAGES[kind].kind, id, dto);
        // A station hands a record back to its county and no longer sees it: back to its list then.
        return req.actor.reach?.station == null ? `/console/${kind}/${id}` : `/console/${kind}`;
      },
      rerender: async (errors) => {
        const r = await this.record(kind, id, req);
        return this.views.render('handover', `移交 ${r.name}`, pageContext(req, res), {
          title: RECORD_PAGES[kind].title,
          name: r.name,
          back: `/console/${kind}/${id}`,
          handoverAction: `/console/${kind}/${id}/handover`,
          handover: { ...(await this.offices.handoverChoices(r)), errors, values: body, once: FormOnce.newToken() },
        });
      },
      done: '已移交。',
      fields: ['officeId', 'reason'],
    });
  }

  @Post('cases/:id/handover')
  @Roles('caseworker', 'admin')
  async caseHandover(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.post('cases', id, body, req, res);
  }

  @Post('households/:id/handover')
  @Roles('caseworker', 'admin')
  async householdHandover(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.post('households', id, body, req, res);
  }
}
