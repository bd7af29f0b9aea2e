import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ConsolePages } from '../auth/console-session.js';
import { shanghaiToday } from '../common/dates.js';
import { formatYuan } from '../documents/money-format.js';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { PlacementsService } from '../placements/placements.service.js';
import {
  POLICY_KEY_NAME_TEXT,
  POLICY_KEY_NAMES,
  POLICY_KEYS,
  POLICY_UNIT_TEXT,
  type PolicyKey,
} from '../policy/policy-keys.js';
import { AddPolicyValueDto } from '../policy/policy.controller.js';
import { PolicyService } from '../policy/policy.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, fen, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

/** A value in its key's unit as people write it: money in yuan, the others with their unit. */
function shown(key: PolicyKey, value: number): string {
  const unit = POLICY_KEYS[key].unit;
  return unit === 'fen' ? `${formatYuan(value)}元` : `${value}${POLICY_UNIT_TEXT[unit]}`;
}

/** 政策参数: the values in force, each key's history, a new value from a date, and what running processes keep. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/policies')
export class PolicyPages {
  constructor(
    private readonly policy: PolicyService,
    private readonly placements: PlacementsService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  private async page(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): Promise<string> {
    const county = await this.policy.countyFor(undefined);
    const today = shanghaiToday();
    const [rows, inForce, running] = await Promise.all([
      this.policy.list(county),
      this.policy.inForce(today, county),
      this.placements.runningPolicyValues(),
    ]);
    const keys = POLICY_KEY_NAMES.map((key) => {
      const history = rows.filter((r) => r.key === key);
      // The row in force today: the county's own latest where it has one, else the default's.
      const past = history.filter((r) => r.effectiveFrom <= today);
      const current =
        [...past].reverse().find((r) => r.countyId != null) ?? [...past].reverse().find((r) => r.countyId == null);
      const kept = running.filter((r) => r.key === key);
      return {
        key,
        name: POLICY_KEY_NAME_TEXT[key],
        unit: POLICY_KEYS[key].unit === 'fen' ? '元' : POLICY_UNIT_TEXT[POLICY_KEYS[key].unit],
        value: shown(key, inForce[key]),
        source: current?.source ?? POLICY_KEYS[key].source,
        since: current?.effectiveFrom ?? null,
        history: history.map((r) => ({
          effectiveFrom: r.effectiveFrom,
          value: shown(key, r.value),
          source: r.source,
          by: r.createdByName ?? '系统预置',
          whose: r.countyName ?? '全市默认',
          inForce: r === current,
          pending: r.effectiveFrom > today,
        })),
        running: kept.map((r) => ({ value: shown(key, r.value), count: r.count, older: r.value !== inForce[key] })),
        tracked: key.startsWith('contract.') || key.startsWith('referral.'),
      };
    });
    return this.views.render('policies', '政策参数', pageContext(req, res), {
      keys,
      scope: county == null ? '全市默认值' : (req.actor.office?.bureauName ?? ''),
      today,
      values,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get()
  @Roles('admin')
  async index(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.page(req, res, { effectiveFrom: shanghaiToday() }, {}));
  }

  @Post()
  @CityWide()
  @Roles('admin')
  async add(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const key = text(body, 'key');
        const money = (POLICY_KEYS as Record<string, { unit: string }>)[key]?.unit === 'fen';
        const value = money ? fen(body, 'value') : int(body, 'value');
        const { dto, errors } = await validateAs(AddPolicyValueDto, {
          key,
          value,
          effectiveFrom: text(body, 'effectiveFrom'),
          source: text(body, 'source'),
        });
        if (value === undefined) errors.value = '请填写取值';
        else if (money && typeof value === 'string') errors.value = '请填写金额（元，最多两位小数）';
        if (Object.keys(errors).length) return errors;
        await this.policy.add({ ...dto, countyId: await this.policy.countyFor(undefined) });
        return `/console/policies#key-${key}`;
      },
      rerender: (errors) => this.page(req, res, body, errors),
      done: '已新增政策参数取值；此后启动的流程按新值办理，进行中的流程仍按启动时的取值。',
      fields: ['key', 'value', 'effectiveFrom', 'source'],
    });
  }
}
