import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../audit/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ReferralListQuery, ReferralPeriodQuery } from './referrals.dto.js';
import { ReferralsService } from './referrals.service.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get('brokers/me/referrals')
  @Roles('broker')
  @ApiOperation({ summary: "The logged-in broker's referrals with a timeline each, and totals paid / pending / rejected for a period" })
  mine(@CurrentActor() actor: Actor, @Query() q: ReferralPeriodQuery) {
    return this.referrals.mine(actor, q);
  }

  @Get('brokers/me/referrals/:id')
  @Roles('broker')
  @ApiOperation({ summary: "One of the broker's own referrals (anyone else's answers 404)" })
  mineOne(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.referrals.mineOne(actor, id);
  }

  @Get('referrals')
  @Roles('caseworker', 'finance', 'admin')
  @ApiOperation({ summary: 'Referrals by broker, status and period (staff)' })
  list(@Query() q: ReferralListQuery) {
    return this.referrals.list(q);
  }
}
