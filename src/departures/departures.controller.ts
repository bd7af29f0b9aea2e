import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { Roles } from '../common/roles.decorator.js';
import {
  AddDepartureMemberDto,
  DepartureBatchListQuery,
  CancelDepartureBatchDto,
  ConfirmArrivalDto,
  CreateDepartureBatchDto,
  DropDepartureMemberDto,
  RecordDepartureDto,
} from './departures.dto.js';
import {
  DepartureCandidate,
  DepartureBatchDetail,
  DepartureBatchPage,
  DepartureBatchView,
  DepartureRegistrationRetry,
} from './departures.responses.js';
import { DeparturesService } from './departures.service.js';

/** 输出批次: organised departures. Staff make and keep them; a broker leading one sees and records their own. */
@ApiTags('departure-batches')
@ApiBearerAuth()
@Controller('departure-batches')
export class DeparturesController {
  constructor(private readonly batches: DeparturesService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary: 'Make a batch for job orders or employers, with its leader (a caseworker or a broker); starts its process',
  })
  @ApiCreatedResponse({ type: DepartureBatchView })
  create(@Body() dto: CreateDepartureBatchDto, @CurrentActor() actor: Actor) {
    return this.batches.create(dto, actor);
  }

  @Get()
  @Roles('admin', 'caseworker', 'broker')
  @ApiOperation({ summary: 'Batches by departure day (a broker sees those they lead)' })
  @ApiOkResponse({ type: DepartureBatchPage })
  list(@Query() q: DepartureBatchListQuery, @CurrentActor() actor: Actor) {
    return this.batches.list(q, actor);
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'broker')
  @ApiOperation({ summary: 'A batch with its roster (members, emergency contacts, status of each)' })
  @ApiOkResponse({ type: DepartureBatchDetail })
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.batches.get(id, actor);
  }

  @Get(':id/candidates')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: "The accepted candidates (用工意向) of the batch's orders not on a planned batch yet" })
  @ApiOkResponse({ type: DepartureCandidate, isArray: true })
  candidates(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.batches.candidates(id, actor);
  }

  @Post(':id/members')
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary: 'Put a member on the roster: an accepted proposal, or a worker picked directly, with an emergency contact',
  })
  @ApiCreatedResponse({ type: DepartureBatchDetail })
  addMember(@Param('id', ParseIntPipe) id: number, @Body() dto: AddDepartureMemberDto, @CurrentActor() actor: Actor) {
    return this.batches.addMember(id, dto, actor);
  }

  @Post(':id/members/:memberId/drop')
  @HttpCode(200)
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'A member drops out before departure, with the reason' })
  @ApiOkResponse({ type: DepartureBatchDetail })
  drop(
    @Param('id', ParseIntPipe) id: number,
    @Param('memberId', ParseIntPipe) memberId: number,
    @Body() dto: DropDepartureMemberDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.batches.dropMember(id, memberId, dto, actor);
  }

  @Post(':id/departure')
  @HttpCode(200)
  @Roles('admin', 'caseworker', 'broker')
  @ApiOperation({ summary: 'Record the departure: who actually left, on what day' })
  @ApiOkResponse({ type: DepartureBatchDetail })
  depart(@Param('id', ParseIntPipe) id: number, @Body() dto: RecordDepartureDto, @CurrentActor() actor: Actor) {
    return this.batches.recordDeparture(id, dto, actor);
  }

  @Post(':id/arrival')
  @HttpCode(200)
  @Roles('admin', 'caseworker', 'broker')
  @ApiOperation({
    summary:
      "The leader confirms the arrival (who, on what day); each arrived member's placement is registered as organised, with the batch",
  })
  @ApiOkResponse({ type: DepartureBatchDetail })
  arrive(@Param('id', ParseIntPipe) id: number, @Body() dto: ConfirmArrivalDto, @CurrentActor() actor: Actor) {
    return this.batches.confirmArrival(id, dto, actor);
  }

  @Post(':id/placements')
  @HttpCode(200)
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary: 'Retry the registration of arrived members whose placement is not registered yet (never twice)',
  })
  @ApiOkResponse({ type: DepartureRegistrationRetry })
  register(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.batches.registerArrivals(id, actor);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Cancel a batch not yet departed, with the reason' })
  @ApiOkResponse({ type: DepartureBatchDetail })
  cancel(@Param('id', ParseIntPipe) id: number, @Body() dto: CancelDepartureBatchDto, @CurrentActor() actor: Actor) {
    return this.batches.cancel(id, dto, actor);
  }
}
