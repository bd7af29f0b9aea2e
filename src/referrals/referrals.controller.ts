import { Controller, Get, Headers, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../common/roles.decorator.js';
import { ReferralListQuery, ReferralPeriodQuery } from './referrals.dto.js';
import { MyReferrals, ReferralPage, ReferralView } from './referrals.responses.js';
import { ReferralsService } from './referrals.service.js';
import { offsetPages, wantsXlsx, xlsxFile } from '../common/xlsx-export.js';
import { REFERRAL_EXPORT } from './referral-export.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get('brokers/me/referrals')
  @Roles('broker')
  @ApiOperation({
    summary: "The logged-in broker's referrals with a timeline each, and totals paid / pending / rejected for a period",
  })
  @ApiOkResponse({ type: MyReferrals })
  mine(@CurrentActor() actor: Actor, @Query() q: ReferralPeriodQuery) {
    return this.referrals.mine(actor, q);
  }

  @Get('brokers/me/referrals/:id')
  @Roles('broker')
  @ApiOperation({ summary: "One of the broker's own referrals (anyone else's answers 404)" })
  @ApiOkResponse({ type: ReferralView })
  mineOne(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.referrals.mineOne(actor, id);
  }

  @Get('referrals')
  @Roles('caseworker', 'finance', 'admin')
  @ApiOperation({ summary: 'Referrals by broker, status and period (staff)' })
  @ApiOkResponse({ type: ReferralPage, description: 'JSON; with ?format=xlsx the spreadsheet instead' })
  list(@Query() q: ReferralListQuery, @Headers('accept') accept?: string) {
    // Referrals are few (one per referred placement) and their list pages by offset: exported page by page.
    if (wantsXlsx(accept, q.format))
      return xlsxFile(
        '职业介绍.xlsx',
        '职业介绍',
        REFERRAL_EXPORT,
        offsetPages(
          async (page, pageSize) => (await this.referrals.list({ ...q, page, pageSize } as ReferralListQuery)).items,
        ),
      );
    return this.referrals.list(q);
  }
}
