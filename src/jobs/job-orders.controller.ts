import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { Roles } from '../common/roles.decorator.js';
import { CloseJobOrderDto, CreateJobOrderDto, JobOrderListQuery } from './jobs.dto.js';
import { JobOrdersService } from './job-orders.service.js';
import { JobOrderDetail, JobOrderPage, JobOrderView } from './jobs.responses.js';

@ApiTags('job-orders')
@ApiBearerAuth()
@Controller('job-orders')
export class JobOrdersController {
  constructor(private readonly orders: JobOrdersService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: "Take an employer's job order (用工登记) and start its process (staffing check, expiry)" })
  @ApiCreatedResponse({ type: JobOrderView })
  create(@Body() dto: CreateJobOrderDto, @CurrentActor() actor: Actor) {
    return this.orders.create(dto, actor);
  }

  @Get()
  // Brokers look for orders to bring workers to; finance reads them beside the claims.
  @Roles('admin', 'caseworker', 'finance', 'broker')
  @ApiOperation({
    summary: 'List job orders by status (live = open or partly filled), employer, township, destination',
  })
  @ApiOkResponse({ type: JobOrderPage })
  list(@Query() q: JobOrderListQuery) {
    return this.orders.list(q);
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'finance', 'broker')
  @ApiOperation({ summary: "A job order and its process' state (when the staffing is checked, when it expires)" })
  @ApiOkResponse({ type: JobOrderDetail })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.orders.get(id);
  }

  @Post(':id/close')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Close the order before its end (with the reason); its process writes it and ends' })
  @ApiCreatedResponse({ type: JobOrderDetail })
  close(@Param('id', ParseIntPipe) id: number, @Body() dto: CloseJobOrderDto, @CurrentActor() actor: Actor) {
    return this.orders.close(id, dto, actor);
  }
}
