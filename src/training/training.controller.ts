import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/roles.decorator.js';
import { AssessmentDto, AttendanceDto } from './training.dto.js';
import { CourseCompletion, EnrollmentDetail, EnrollmentView } from './courses.responses.js';
import { TrainingRecordService } from './training-record.service.js';

@ApiTags('training')
@ApiBearerAuth()
@Controller()
export class TrainingRecordController {
  constructor(private readonly record: TrainingRecordService) {}

  @Put('enrollments/:id/attendance')
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Sessions attended / total for one trainee' })
  @ApiOkResponse({ type: EnrollmentView })
  attendance(@Param('id', ParseIntPipe) id: number, @Body() dto: AttendanceDto) {
    return this.record.attendance(id, dto);
  }

  @Put('enrollments/:id/assessment')
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Assessment result (pass/fail) and certificate number' })
  @ApiOkResponse({ type: EnrollmentView })
  assessment(@Param('id', ParseIntPipe) id: number, @Body() dto: AssessmentDto) {
    return this.record.assessment(id, dto);
  }

  @Get('enrollments/:id')
  @Roles('caseworker', 'admin', 'finance')
  @ApiOperation({ summary: 'A trainee record with the live state of its subsidy process' })
  @ApiOkResponse({ type: EnrollmentDetail })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.record.subsidyState(id);
  }

  @Post('courses/:id/complete')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary: 'Complete the course: each trainee completed or not by attendance threshold and assessment',
  })
  @ApiOkResponse({ type: CourseCompletion })
  complete(@Param('id', ParseIntPipe) id: number) {
    return this.record.complete(id);
  }
}
