import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { Roles } from '../common/roles.decorator.js';
import { DecideClassStartReportDto, SubmitClassStartReportDto } from './class-start.dto.js';
import { ClassStartService } from './class-start.service.js';
import {
  CourseListQuery,
  CreateCourseDto,
  CreateTrainingProviderDto,
  EnrollDto,
  UpdateTrainingProviderDto,
} from './courses.dto.js';
import { TrainingService } from './courses.service.js';
import {
  CoursePage,
  CourseView,
  EnrollmentListItem,
  EnrollmentView,
  TrainingProviderView,
  ClassStartReportResponse,
} from './courses.responses.js';

@ApiTags('training')
@ApiBearerAuth()
@Controller('training-providers')
export class TrainingProvidersController {
  constructor(private readonly training: TrainingService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiCreatedResponse({ type: TrainingProviderView })
  create(@Body() dto: CreateTrainingProviderDto) {
    return this.training.createProvider(dto);
  }

  @Get()
  @Roles('admin', 'caseworker', 'finance')
  @ApiOkResponse({ type: TrainingProviderView, isArray: true })
  list() {
    return this.training.listProviders();
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({ summary: 'One provider, with its version and its bank account (last four digits only)' })
  @ApiOkResponse({ type: TrainingProviderView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.training.getProvider(id);
  }

  @Patch(':id')
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary:
      "Change a provider's name, contact or bank account; send the version you read (409 if someone changed it since)",
  })
  @ApiOkResponse({ type: TrainingProviderView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTrainingProviderDto) {
    return this.training.updateProvider(id, dto);
  }
}

@ApiTags('training')
@ApiBearerAuth()
@Controller('courses')
export class CoursesController {
  constructor(
    private readonly training: TrainingService,
    private readonly classStart: ClassStartService,
  ) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Create a course (培训班); order and directed courses name the ordering employer' })
  @ApiCreatedResponse({ type: CourseView })
  create(@Body() dto: CreateCourseDto) {
    return this.training.createCourse(dto);
  }

  @Get()
  @Roles('admin', 'caseworker', 'finance')
  @ApiOkResponse({ type: CoursePage })
  list(@Query() q: CourseListQuery) {
    return this.training.listCourses(q);
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOkResponse({ type: CourseView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.training.getCourse(id);
  }

  @Post(':id/enrollments')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Enrol a worker in the course' })
  @ApiCreatedResponse({ type: EnrollmentView })
  enroll(@Param('id', ParseIntPipe) id: number, @Body() dto: EnrollDto) {
    return this.training.enroll(id, dto.workerId);
  }

  @Get(':id/enrollments')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOkResponse({ type: EnrollmentListItem, isArray: true })
  enrollments(@Param('id', ParseIntPipe) id: number) {
    return this.training.listEnrollments(id);
  }

  @Get(':id/class-start-report')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({ summary: "The course's 开班报告 and the decision on it (404 when none was reported)" })
  @ApiOkResponse({ type: ClassStartReportResponse })
  classStartReport(@Param('id', ParseIntPipe) id: number) {
    return this.classStart.get(id);
  }

  @Post(':id/class-start-report')
  @HttpCode(200)
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary:
      'Report the course before it starts (开班报告): plan and teachers; the trainees enrolled now are listed. At least the policy training.class_start_report_working_days working days ahead; a returned report is reported again here',
  })
  @ApiOkResponse({ type: ClassStartReportResponse })
  submitClassStartReport(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: SubmitClassStartReportDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.classStart.submit(id, dto, actor);
  }

  @Post(':id/class-start-report/decision')
  @HttpCode(200)
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary:
      'Approve or return the 开班报告: by someone other than who reported it; approval only before the course starts (a course started without an approved report produces no subsidy claims)',
  })
  @ApiOkResponse({ type: ClassStartReportResponse })
  decideClassStartReport(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: DecideClassStartReportDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.classStart.decide(id, dto, actor);
  }
}
