import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../common/roles.decorator.js';
import { HandoverDto } from '../offices/offices.dto.js';
import { OfficesService } from '../offices/offices.service.js';
import { PeriodErrors } from '../common/common.errors.js';
import { ContactRequestsService } from './contact-requests.service.js';
import {
  AddEmploymentDto,
  AddMemberDto,
  AnswerRequestDto,
  CreateHouseholdDto,
  CreateRequestDto,
  EndEmploymentDto,
  HouseholdListQuery,
  MissedDto,
  OpenRoundDto,
  PriorityQuery,
  RecordVisitDto,
  RequestListQuery,
  SummaryQuery,
  SurveyVisitDto,
} from './households.dto.js';
import { HouseholdFiguresService } from './household-figures.service.js';
import { HouseholdListsService } from './household-lists.service.js';
import { HouseholdVisitsService } from './household-visits.service.js';
import { HouseholdsService } from './households.service.js';
import { SurveyRoundsService } from './survey-rounds.service.js';
import {
  ContactRequestDetail,
  ContactRequestDue,
  ContactRequestPage,
  ContactRequestProcess,
  ContactRequestView,
  HouseholdDetail,
  HouseholdPage,
  HouseholdSummary,
  HouseholdSupportView,
  HouseholdView,
  PriorityCandidate,
  SurveyRoundReport,
  SurveyRoundView,
  SurveyVisitView,
  VisitDue,
} from './households.responses.js';
import { HolderView } from '../offices/offices.responses.js';

/** 零就业家庭: caseworkers and admin only (finance and brokers are refused). */
@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly lists: HouseholdListsService,
    private readonly visits: HouseholdVisitsService,
    private readonly figures: HouseholdFiguresService,
    private readonly offices: OfficesService,
  ) {}

  @Post(':id/handover')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary: '移交: hand the household to a township station of the county, or back to the county, with the reason',
  })
  @ApiOkResponse({ type: HolderView })
  handover(@Param('id', ParseIntPipe) id: number, @Body() dto: HandoverDto) {
    return this.offices.handover('household', id, dto);
  }

  @Post()
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'Register a household (address, township, members with their relationship to the head); its status is derived at once',
  })
  @ApiCreatedResponse({ type: HouseholdView })
  create(@Body() dto: CreateHouseholdDto, @CurrentActor() actor: Actor) {
    return this.households.create(dto, actor);
  }

  @Get()
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Households, next follow-up visit first (?status=zero_employment&mine=true)' })
  @ApiOkResponse({ type: HouseholdPage })
  list(@Query() q: HouseholdListQuery, @CurrentActor() actor: Actor) {
    return this.lists.list(q, actor);
  }

  @Get('summary')
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'Found, cleared, still zero, average days to clear, by township and measure; contact-card requests answered within 7 days, breached',
  })
  @ApiOkResponse({ type: HouseholdSummary })
  summary(@Query() q: SummaryQuery) {
    if (q.to < q.from) throw PeriodErrors.TO_BEFORE_FROM();
    return this.figures.summary(q);
  }

  @Get('priority-candidates')
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'Seed 001 priority: working-age members of zero-employment households, not in work, longest-waiting household first',
  })
  @ApiOkResponse({ type: PriorityCandidate, isArray: true })
  priority(@Query() q: PriorityQuery) {
    return this.lists.priorityCandidates(q);
  }

  @Get('visits-due')
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Follow-up visits due within a week (a caseworker sees their own households)' })
  @ApiOkResponse({ type: VisitDue, isArray: true })
  visitsDue(@CurrentActor() actor: Actor) {
    return this.visits.visitsDue(actor);
  }

  @Get(':id')
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'A household: members (working age, employment), episodes, history, visits, requests, live process state, contact cards',
  })
  @ApiOkResponse({ type: HouseholdDetail })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.households.get(id);
  }

  @Post(':id/members')
  @Roles('caseworker', 'admin')
  @ApiCreatedResponse({ type: HouseholdDetail })
  addMember(@Param('id', ParseIntPipe) id: number, @Body() dto: AddMemberDto, @CurrentActor() actor: Actor) {
    return this.households.addMember(id, dto, actor);
  }

  @Delete(':id/members/:workerId')
  @Roles('caseworker', 'admin')
  @ApiOkResponse({ type: HouseholdDetail })
  removeMember(
    @Param('id', ParseIntPipe) id: number,
    @Param('workerId', ParseIntPipe) workerId: number,
    @CurrentActor() actor: Actor,
  ) {
    return this.households.removeMember(id, workerId, actor);
  }

  @Post(':id/employments')
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary: 'Record employment outside placements (self-employment, 公益性岗位, flexible); may clear the household',
  })
  @ApiCreatedResponse({ type: HouseholdDetail })
  addEmployment(@Param('id', ParseIntPipe) id: number, @Body() dto: AddEmploymentDto, @CurrentActor() actor: Actor) {
    return this.households.addEmployment(id, dto, actor);
  }

  @Post(':id/employments/:employmentId/end')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOkResponse({ type: HouseholdDetail })
  endEmployment(
    @Param('id', ParseIntPipe) id: number,
    @Param('employmentId', ParseIntPipe) employmentId: number,
    @Body() dto: EndEmploymentDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.households.endEmployment(id, employmentId, dto, actor);
  }

  @Post(':id/zero-employment')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'Confirm as zero-employment (认定); refused for a household without a working-age member, one with a member in work, or one already supported',
  })
  @ApiOkResponse({ type: HouseholdDetail })
  mark(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.households.markZeroEmployment(id, actor);
  }

  @Post(':id/visits')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Record a follow-up visit (回访): date, who, services offered' })
  @ApiOkResponse({ type: HouseholdSupportView })
  visit(@Param('id', ParseIntPipe) id: number, @Body() dto: RecordVisitDto, @CurrentActor() actor: Actor) {
    return this.visits.recordVisit(id, dto, actor);
  }
}

@ApiTags('households')
@ApiBearerAuth()
@Controller('survey-rounds')
export class SurveyRoundsController {
  constructor(private readonly rounds: SurveyRoundsService) {}

  @Post()
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Open the half-yearly survey round (摸底), e.g. 2026H2' })
  @ApiCreatedResponse({ type: SurveyRoundView })
  open(@Body() dto: OpenRoundDto, @CurrentActor() actor: Actor) {
    return this.rounds.open(dto, actor);
  }

  @Get()
  @Roles('caseworker', 'admin')
  @ApiOkResponse({ type: SurveyRoundView, isArray: true })
  list() {
    return this.rounds.list();
  }

  @Get(':id')
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      "The round's report: zero-employment found, newly found and cleared since the previous round, missed households",
  })
  @ApiOkResponse({ type: SurveyRoundReport })
  report(@Param('id', ParseIntPipe) id: number) {
    return this.rounds.report(id);
  }

  @Post(':id/visits')
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'A household visited in the round, with what was found (must agree with the registry)' })
  @ApiCreatedResponse({ type: SurveyVisitView })
  visit(@Param('id', ParseIntPipe) id: number, @Body() dto: SurveyVisitDto, @CurrentActor() actor: Actor) {
    return this.rounds.recordVisit(id, dto, actor);
  }

  @Post(':id/missed')
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Why a household could not be visited in this round' })
  @ApiCreatedResponse({ type: SurveyVisitView })
  missed(@Param('id', ParseIntPipe) id: number, @Body() dto: MissedDto, @CurrentActor() actor: Actor) {
    return this.rounds.recordMissed(id, dto, actor);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary: 'Close the round; 409 with the list while a household is unvisited without a reason (不漏一户)',
  })
  @ApiOkResponse({ type: SurveyRoundReport })
  close(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.rounds.close(id, actor);
  }
}

@ApiTags('households')
@ApiBearerAuth()
@Controller('contact-requests')
export class ContactRequestsController {
  constructor(private readonly requests: ContactRequestsService) {}

  @Post()
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Log a contact-card request (phone or window); a rights problem opens a rights case' })
  @ApiCreatedResponse({ type: ContactRequestView })
  create(@Body() dto: CreateRequestDto, @CurrentActor() actor: Actor) {
    return this.requests.create(dto, actor);
  }

  @Get()
  @Roles('caseworker', 'admin')
  @ApiOkResponse({ type: ContactRequestPage })
  list(@Query() q: RequestListQuery, @CurrentActor() actor: Actor) {
    return this.requests.list(q, actor);
  }

  @Get('due')
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Open requests due within 2 days or overdue (a caseworker sees their own)' })
  @ApiOkResponse({ type: ContactRequestDue, isArray: true })
  due(@CurrentActor() actor: Actor) {
    return this.requests.due(actor);
  }

  @Get(':id')
  @Roles('caseworker', 'admin')
  @ApiOkResponse({ type: ContactRequestDetail })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.requests.get(id);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Close with the answer: what was offered and whether it was accepted (400 without it)' })
  @ApiOkResponse({ type: ContactRequestProcess })
  answer(@Param('id', ParseIntPipe) id: number, @Body() dto: AnswerRequestDto, @CurrentActor() actor: Actor) {
    return this.requests.answer(id, dto, actor);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Same as /answer: a request closes only with an answer' })
  @ApiOkResponse({ type: ContactRequestProcess })
  close(@Param('id', ParseIntPipe) id: number, @Body() dto: AnswerRequestDto, @CurrentActor() actor: Actor) {
    return this.requests.answer(id, dto, actor);
  }
}
