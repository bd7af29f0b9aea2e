import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../common/roles.decorator.js';
import { DueCheckInQuery, RecordCheckInDto, RecordReturnReasonDto } from './followups.dto.js';
import { FollowUpsService } from './followups.service.js';
import { CheckInView, DueCheckInPage, FollowUpPlanView } from './followups.responses.js';

/** 跟踪服务 / 回访: the follow-up of placed workers at their workplace. */
@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Get('due')
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary: 'Check-ins due, missed, or due within ?within= days (default 7), by due day; ?township=, ?mine=true',
  })
  @ApiOkResponse({ type: DueCheckInPage })
  due(@Query() q: DueCheckInQuery, @CurrentActor() actor: Actor) {
    return this.followUps.due(q, actor);
  }

  @Get(':placementId')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: "A placement's follow-up plan and every check-in, with the cases they opened" })
  @ApiOkResponse({ type: FollowUpPlanView })
  get(@Param('placementId', ParseIntPipe) placementId: number) {
    return this.followUps.get(placementId);
  }

  @Post(':placementId/check-ins')
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary:
      'Record a check-in (phone, visit, group meeting); each problem found opens a rights case linked to the placement with the check-in as its first evidence',
  })
  @ApiCreatedResponse({ type: CheckInView })
  record(
    @Param('placementId', ParseIntPipe) placementId: number,
    @Body() dto: RecordCheckInDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.followUps.record(placementId, dto, actor);
  }

  @Post(':placementId/return-reason')
  @HttpCode(200)
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Why the worker left (once the placement has ended); closes the officer’s task' })
  @ApiOkResponse({ type: FollowUpPlanView })
  returnReason(
    @Param('placementId', ParseIntPipe) placementId: number,
    @Body() dto: RecordReturnReasonDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.followUps.recordReturnReason(placementId, dto, actor);
  }
}
