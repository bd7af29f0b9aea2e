import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ConsolePages } from '../auth/console-session.js';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { OfficesService } from '../offices/offices.service.js';
import { CreateTownshipDto, UpdateTownshipDto } from '../registry/registry.dto.js';
import { RegistryService } from '../registry/registry.service.js';
import { currentMonth } from '../reports/month.js';
import { MonthlyFiguresService } from '../reports/monthly-figures.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

/**
 * 乡镇与目标: the admin's townships with their yearly labour-export targets and this year's
 * placements so far; adding a township and changing its target. The serving station is changed
 * on the 机构 page, which moves the records with it.
 */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/townships')
export class TownshipPages {
  constructor(
    private readonly registry: RegistryService,
    private readonly offices: OfficesService,
    private readonly figures: MonthlyFiguresService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  /** `form`: which form the values and errors belong to ('create' or `target-<id>`). */
  private async page(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors, form: string | null) {
    const month = currentMonth();
    const [townships, offices, f] = await Promise.all([
      this.registry.listTownships(),
      this.offices.tree(),
      // The overview's own figures: this year's placements up to this month, per township.
      this.figures.figures(month),
    ]);
    const names = new Map<number, string>();
    const counties: { id: number; name: string }[] = [];
    const walk = (nodes: typeof offices) =>
      nodes.forEach((o) => {
        names.set(o.id, o.name);
        if (o.kind === 'county' && o.active) counties.push({ id: o.id, name: o.name });
        walk(o.children);
      });
    walk(offices);
    const placed = new Map(f.townships.map((t) => [t.id, t]));
    const cityWide = req.actor.office?.kind === 'city';
    return this.views.render('townships', '乡镇与目标', pageContext(req, res), {
      year: month.slice(0, 4),
      cityWide,
      counties,
      townships: [...townships]
        .sort((a, b) => a.countyId - b.countyId || a.name.localeCompare(b.name, 'zh-CN'))
        .map((t) => {
          const mine = form === `target-${t.id}`;
          return {
            ...t,
            countyName: names.get(t.countyId) ?? '',
            stationName: t.stationId == null ? null : (names.get(t.stationId) ?? null),
            placed: placed.get(t.id)?.placementsYearToDate ?? 0,
            completionRate: placed.get(t.id)?.completionRate ?? null,
            value: mine ? text(values, 'yearlyTarget') : String(t.yearlyTarget),
            errors: mine ? errors : {},
            once: FormOnce.newToken(),
          };
        }),
      values: form === 'create' ? values : {},
      errors: form === 'create' ? errors : {},
      once: FormOnce.newToken(),
    });
  }

  @Get()
  @Roles('admin')
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.page(req, res, {}, {}, null));
  }

  @Post()
  @CityWide()
  @Roles('admin')
  async create(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(CreateTownshipDto, {
          name: text(body, 'name'),
          yearlyTarget: int(body, 'yearlyTarget') ?? 0,
          ...(body.countyId !== undefined ? { countyId: int(body, 'countyId') } : {}),
        });
        if (Object.keys(errors).length) return errors;
        await this.registry.createTownship(dto);
        return '/console/townships';
      },
      rerender: (errors) => this.page(req, res, body, errors, 'create'),
      done: '乡镇已添加。',
      fields: ['name', 'yearlyTarget', 'countyId'],
    });
  }

  @Post(':id/target')
  @CityWide()
  @Roles('admin')
  async target(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(UpdateTownshipDto, { yearlyTarget: int(body, 'yearlyTarget') ?? '' });
        if (Object.keys(errors).length) return errors;
        await this.registry.updateTownship(id, dto);
        return '/console/townships';
      },
      rerender: (errors) => this.page(req, res, body, errors, `target-${id}`),
      done: '年度目标已修改。',
      fields: ['yearlyTarget'],
    });
  }
}
