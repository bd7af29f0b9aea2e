import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { Roles } from '../common/roles.decorator.js';
import { JobSeekerListQuery, RegisterJobSeekerDto, WithdrawJobSeekerDto } from './jobs.dto.js';
import { JobSeekersService } from './job-seekers.service.js';
import { JobSeekerPage, JobSeekerView } from './jobs.responses.js';

// Registrations are personal (age, groups, wishes): staff only.
@ApiTags('job-seekers')
@ApiBearerAuth()
@Controller('job-seekers')
export class JobSeekersController {
  constructor(private readonly seekers: JobSeekersService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: "Register a worker's wish for work (求职登记), valid for the policy period" })
  @ApiCreatedResponse({ type: JobSeekerView })
  register(@Body() dto: RegisterJobSeekerDto, @CurrentActor() actor: Actor) {
    return this.seekers.register(dto, actor);
  }

  @Get()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'List registrations by status (active, lapsed, withdrawn), township, worker' })
  @ApiOkResponse({ type: JobSeekerPage })
  list(@Query() q: JobSeekerListQuery) {
    return this.seekers.list(q);
  }

  @Get(':id')
  @Roles('admin', 'caseworker')
  @ApiOkResponse({ type: JobSeekerView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.seekers.get(id);
  }

  @Post(':id/renew')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Renew (续登) for another policy period from today; a lapsed one too' })
  @ApiCreatedResponse({ type: JobSeekerView })
  renew(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.seekers.renew(id, actor);
  }

  @Post(':id/withdraw')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Withdraw the registration (found work, moved away), with the reason' })
  @ApiCreatedResponse({ type: JobSeekerView })
  withdraw(@Param('id', ParseIntPipe) id: number, @Body() dto: WithdrawJobSeekerDto, @CurrentActor() actor: Actor) {
    return this.seekers.withdraw(id, dto, actor);
  }
}
