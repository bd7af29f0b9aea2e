import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../common/roles.decorator.js';
import { templatesDir } from '../documents/template-engine.js';
import { PublicJobQuery } from './jobs.dto.js';
import { PublicJobList } from './jobs.responses.js';
import { PublicJobsService } from './public-jobs.service.js';

const VIEWS = ['list', 'sheet', 'poster'] as const;
type View = (typeof VIEWS)[number];

/**
 * 用工信息发布: the open orders for everyone, without a login — the hall's page with its filters,
 * an A4 sheet to print, a large-print poster for the board, and the export for the county's
 * WeChat account or website (JSON or CSV). Read fresh on every request, so it follows the orders.
 */
@ApiTags('public-jobs')
@Public()
@Controller('jobs')
export class PublicJobsController {
  private readonly views: Record<View, Handlebars.TemplateDelegate>;

  constructor(private readonly jobs: PublicJobsService) {
    const h = Handlebars.create();
    const dir = join(templatesDir(), 'jobs');
    this.views = Object.fromEntries(
      VIEWS.map((v) => [v, h.compile(readFileSync(join(dir, `${v}.hbs`), 'utf8'))]),
    ) as Record<View, Handlebars.TemplateDelegate>;
  }

  private async page(view: View, q: PublicJobQuery, res: Response): Promise<void> {
    const { items, asOf, counties } = await this.jobs.list(q);
    const filters = {
      county: q.county ?? '',
      township: q.township ?? '',
      destination: q.destination ?? '',
      q: q.q ?? '',
    };
    const qs = new URLSearchParams(
      Object.entries(filters)
        .filter(([, v]) => v !== '')
        .map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    res.type('html').send(
      this.views[view]({
        items,
        asOf,
        filters,
        counties: counties.map((c: { id: number; name: string }) => ({ ...c, selected: c.id === q.county })),
        total: items.reduce((n, j) => n + j.openings, 0),
        suffix: qs ? `?${qs}` : '',
      }),
    );
  }

  @Get()
  @ApiExcludeEndpoint()
  list(@Query() q: PublicJobQuery, @Res() res: Response) {
    return this.page('list', q, res);
  }

  @Get('sheet')
  @ApiExcludeEndpoint()
  sheet(@Query() q: PublicJobQuery, @Res() res: Response) {
    return this.page('sheet', q, res);
  }

  @Get('poster')
  @ApiExcludeEndpoint()
  poster(@Query() q: PublicJobQuery, @Res() res: Response) {
    return this.page('poster', q, res);
  }

  @Get('export.json')
  @ApiOperation({ summary: 'The open orders as published (for the WeChat account or website); no login' })
  @ApiOkResponse({ type: PublicJobList })
  async json(@Query() q: PublicJobQuery) {
    const { items, asOf } = await this.jobs.list(q);
    return { items, asOf };
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The open orders as published, CSV (UTF-8 with BOM); no login' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV', schema: { type: 'string' } })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('用工信息.csv')}`)
  async csv(@Query() q: PublicJobQuery): Promise<string> {
    return this.jobs.csv((await this.jobs.list(q)).items);
  }
}
