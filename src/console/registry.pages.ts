import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { CreateEmployerDto, CreateWorkerDto } from '../registry/registry.dto.js';
import { RegistryService } from '../registry/registry.service.js';
import { WORKER_CATEGORIES } from '../registry/worker.entity.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { accountFields, type Errors, type FormBody, FormOnce, many, text, validateAs } from './forms.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

/** 人员登记 and 用工单位登记: the registry's forms, checked by the same rules as the API. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console')
export class RegistryPages {
  constructor(
    private readonly registry: RegistryService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  private async workerForm(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): Promise<string> {
    const townships = await this.registry.listTownships();
    const chosen = many(values, 'categories');
    return this.views.render('worker-new', '人员登记', pageContext(req, res), {
      values,
      errors,
      townships,
      once: FormOnce.newToken(),
      categories: WORKER_CATEGORIES.map((c) => ({ key: c, checked: chosen.includes(c) })),
    });
  }

  @Get('workers/new')
  @Roles('caseworker', 'admin')
  async newWorker(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.workerForm(req, res, {}, {}));
  }

  @Post('workers')
  @Roles('caseworker', 'admin')
  async createWorker(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const skills = text(body, 'skills')
          .split(/[，,、\s]+/)
          .filter(Boolean);
        const { dto, errors } = await validateAs(CreateWorkerDto, {
          name: text(body, 'name'),
          citizenId: text(body, 'citizenId'),
          phone: text(body, 'phone'),
          township: text(body, 'township'),
          categories: many(body, 'categories'),
          ...(skills.length ? { skills } : {}),
          ...(text(body, 'notes') ? { notes: text(body, 'notes') } : {}),
          ...accountFields(body),
        });
        if (!text(body, 'township')) errors.township = '请选择乡镇';
        if (Object.keys(errors).length) return errors;
        const w = await this.registry.createWorker(dto);
        return `/console/workers/${w.id}`;
      },
      rerender: (errors) => this.workerForm(req, res, body, errors),
      done: '人员已登记。',
    });
  }

  @Get('employers/new')
  @Roles('caseworker', 'admin')
  newEmployer(@Req() req: ConsoleRequest, @Res() res: Response): void {
    res.type('html').send(
      this.views.render('employer-new', '用工单位登记', pageContext(req, res), {
        values: {},
        errors: {},
        once: FormOnce.newToken(),
      }),
    );
  }

  @Post('employers')
  @Roles('caseworker', 'admin')
  async createEmployer(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const opt = (k: string) => (text(body, k) ? { [k]: text(body, k) } : {});
        const { dto, errors } = await validateAs(CreateEmployerDto, {
          name: text(body, 'name'),
          creditCode: text(body, 'creditCode'),
          region: text(body, 'region'),
          contactName: text(body, 'contactName'),
          contactPhone: text(body, 'contactPhone'),
          ...opt('agreementStart'),
          ...opt('agreementEnd'),
        });
        if (Object.keys(errors).length) return errors;
        const e = await this.registry.createEmployer(dto);
        return `/console/employers/${e.id}`;
      },
      rerender: (errors) =>
        this.views.render('employer-new', '用工单位登记', pageContext(req, res), {
          values: body,
          errors,
          once: FormOnce.newToken(),
        }),
      done: '用工单位已登记。',
    });
  }
}
