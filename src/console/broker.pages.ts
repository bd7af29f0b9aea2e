import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { ReferralsService } from '../referrals/referrals.service.js';
import { ConsoleFilter, type ConsoleRequest, pageContext } from './console-http.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

/** 我的补贴: a broker's own referrals and their 80-yuan payouts; nothing else is theirs to see. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/my-referrals')
export class BrokerPages {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly views: ConsoleViews,
  ) {}

  @Get()
  @Roles('broker')
  async mine(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    const { items, totals } = await this.referrals.mine(req.actor, {});
    res.type('html').send(this.views.render('my-referrals', '我的补贴', ctx, { items, totals }));
  }
}
