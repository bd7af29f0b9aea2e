import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { Roles } from '../common/roles.decorator.js';
import { AnswerProposalDto, ProposalListQuery, ProposeDto, StartProposalDto } from './jobs.dto.js';
import { JobProposalsService } from './job-proposals.service.js';
import { CandidateList, ProposalPage, ProposalView } from './jobs.responses.js';

@ApiTags('job-proposals')
@ApiBearerAuth()
@Controller()
export class JobProposalsController {
  constructor(private readonly proposals: JobProposalsService) {}

  @Get('job-orders/:id/candidates')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: "An order's candidates ranked by fit, priority groups first, each with why" })
  @ApiOkResponse({ type: CandidateList })
  candidates(@Param('id', ParseIntPipe) id: number) {
    return this.proposals.candidates(id);
  }

  @Post('job-orders/:id/proposals')
  @Roles('admin', 'caseworker', 'broker')
  @ApiOperation({
    summary: 'Propose a worker for the order (staff by workerId; a broker the worker they bring, by ID number)',
  })
  @ApiCreatedResponse({ type: ProposalView })
  propose(@Param('id', ParseIntPipe) id: number, @Body() dto: ProposeDto, @CurrentActor() actor: Actor) {
    return this.proposals.propose(id, dto, actor);
  }

  @Get('job-proposals')
  @Roles('admin', 'caseworker', 'broker')
  @ApiOperation({ summary: 'Proposals and their outcomes (a broker sees only their own)' })
  @ApiOkResponse({ type: ProposalPage })
  list(@Query() q: ProposalListQuery, @CurrentActor() actor: Actor) {
    return this.proposals.list(q, actor);
  }

  @Get('job-proposals/:id')
  @Roles('admin', 'caseworker', 'broker')
  @ApiOkResponse({ type: ProposalView })
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.proposals.get(id, actor);
  }

  @Post('job-proposals/:id/answer')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: "Record the employer's answer: accepted (用工意向) or refused with the reason" })
  @ApiCreatedResponse({ type: ProposalView })
  answer(@Param('id', ParseIntPipe) id: number, @Body() dto: AnswerProposalDto, @CurrentActor() actor: Actor) {
    return this.proposals.answer(id, dto, actor);
  }

  @Post('job-proposals/:id/start')
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary: 'The accepted worker started: registers the placement (order, broker, organised carried over)',
  })
  @ApiCreatedResponse({ type: ProposalView })
  start(@Param('id', ParseIntPipe) id: number, @Body() dto: StartProposalDto, @CurrentActor() actor: Actor) {
    return this.proposals.start(id, dto, actor);
  }
}
