import { ConsolePages } from '../auth/console-session.js';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../common/roles.decorator.js';
import { PeriodErrors } from '../common/common.errors.js';
import {
  BatchApproveDto,
  BatchApproveResult,
  ClaimListQuery,
  ClaimSummaryQuery,
  PayoutListQuery,
  ReasonDto,
  ResubmitDto,
} from './claims.dto.js';
import { ClaimsService } from './claims.service.js';
import { keysetPages, wantsXlsx, xlsxFile } from '../common/xlsx-export.js';
import { CLAIM_EXPORT, PAYOUT_EXPORT } from './claim-export.js';
import { ClaimDetail, ClaimPage, ClaimProcessView, ClaimSummary, PayoutPage } from './claims.responses.js';

@ApiTags('claims')
@ApiBearerAuth()
@Controller('claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Get()
  @ConsolePages()
  @Roles('finance', 'admin', 'caseworker')
  @ApiOperation({
    summary:
      "Finance's queue (?status=awaiting_approval), filterable by kind, payee, course, broker, township, amount; with totals",
  })
  @ApiOkResponse({ type: ClaimPage, description: 'JSON; with ?format=xlsx the spreadsheet instead' })
  list(@Query() q: ClaimListQuery, @Headers('accept') accept?: string) {
    if (wantsXlsx(accept, q.format))
      return xlsxFile(
        '补贴申请.xlsx',
        '补贴申请',
        CLAIM_EXPORT,
        keysetPages(async (k) => (await this.claims.list(q, k)).items),
      );
    return this.claims.list(q);
  }

  @Get('summary')
  @Roles('finance', 'admin', 'caseworker')
  @ApiOperation({
    summary:
      'Counts and fen totals by kind, status, course and township; trained, completed, placed within window, post-training placement rate',
  })
  @ApiOkResponse({ type: ClaimSummary })
  summary(@Query() q: ClaimSummaryQuery) {
    if (q.to < q.from) throw PeriodErrors.TO_BEFORE_FROM();
    return this.claims.summary(q);
  }

  @Post('batch-approve')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({
    summary:
      'Approve many claims; each is checked on its own, with a result per claim: approved, first of two approvals recorded, or refused with the reason',
  })
  @ApiOkResponse({ type: BatchApproveResult })
  batch(@Body() dto: BatchApproveDto, @CurrentActor() actor: Actor): Promise<BatchApproveResult> {
    return this.claims.batchApprove(dto.claimIds, actor);
  }

  @Get(':id')
  @Roles('finance', 'admin', 'caseworker')
  @ApiOperation({ summary: 'A claim with its evidence, history, payout and documents' })
  @ApiOkResponse({ type: ClaimDetail })
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.claims.get(id, actor);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({
    summary: 'Approve (never by the person who prepared it; above the threshold two different finance users)',
  })
  @ApiOkResponse({ type: ClaimProcessView })
  approve(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.claims.approve(id, actor);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Reject with a reason' })
  @ApiOkResponse({ type: ClaimProcessView })
  reject(@Param('id', ParseIntPipe) id: number, @Body() dto: ReasonDto, @CurrentActor() actor: Actor) {
    return this.claims.reject(id, dto.reason, actor);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Return for revision with a reason' })
  @ApiOkResponse({ type: ClaimProcessView })
  returnForRevision(@Param('id', ParseIntPipe) id: number, @Body() dto: ReasonDto, @CurrentActor() actor: Actor) {
    return this.claims.returnForRevision(id, dto.reason, actor);
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      "Resubmit a returned claim (the preparer's side: caseworker or admin); its maker stays as it was, and neither maker nor resubmitter may approve it",
  })
  @ApiOkResponse({ type: ClaimProcessView })
  resubmit(@Param('id', ParseIntPipe) id: number, @Body() dto: ResubmitDto, @CurrentActor() actor: Actor) {
    return this.claims.resubmit(id, dto.note, actor);
  }
}

@ApiTags('claims')
@ApiBearerAuth()
@Controller('payouts')
export class PayoutsController {
  constructor(private readonly claims: ClaimsService) {}

  @Get()
  @ConsolePages()
  @Roles('finance', 'admin')
  @ApiOperation({
    summary:
      'Payouts (发放记录), newest first, filterable by paid-on date range, kind and township; totals over the whole filtered set; ?format=xlsx exports the filtered list',
  })
  @ApiOkResponse({ type: PayoutPage, description: 'JSON; with ?format=xlsx the spreadsheet instead' })
  list(@Query() q: PayoutListQuery, @CurrentActor() actor: Actor, @Headers('accept') accept?: string) {
    if (q.from && q.to && q.to < q.from) throw PeriodErrors.TO_BEFORE_FROM();
    if (wantsXlsx(accept, q.format))
      return xlsxFile(
        '发放记录.xlsx',
        '发放记录',
        PAYOUT_EXPORT,
        keysetPages(async (k) => (await this.claims.payouts({ ...q, page: 1, pageSize: k.limit }, actor, k)).items),
      );
    return this.claims.payouts(q, actor);
  }
}
