import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { shanghaiToday } from '../common/dates.js';
import { IsCalendarDate } from '../identity/index.js';
import { CALENDAR_DAY_KINDS, type CalendarDayKind } from './calendar-day.entity.js';
import { CalendarService } from './calendar.service.js';
import {
  CalendarCoverage,
  CalendarDayChange,
  CalendarDayView,
  CalendarLoadConfirmed,
  CalendarLoadView,
  WorkingDaysResult,
} from './calendar.responses.js';

export class CalendarDateParam {
  @IsCalendarDate()
  date: string;
}

export class SetCalendarDayDto {
  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'holiday (放假) or a weekend make-up working day (调休上班)' })
  @IsIn(CALENDAR_DAY_KINDS, { message: '请选择“法定节假日”或“调休上班”' })
  kind: CalendarDayKind;

  @ApiProperty({ example: '国庆节' })
  @IsString()
  @Length(1, 40)
  name: string;

  @ApiProperty({ example: '国务院办公厅关于2026年部分节假日安排的通知' })
  @IsString()
  @Length(2, 500)
  source: string;
}

export class CalendarYearQuery {
  @ApiPropertyOptional({ example: 2026, description: 'default: this year (Asia/Shanghai)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '请填写年份，如 2026' })
  @Min(1900)
  @Max(2999)
  year?: number;
}

export class AddWorkingDaysQuery {
  @ApiProperty({ example: '2026-09-28' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: 5, description: 'working days to add; `from` itself never counts' })
  @Type(() => Number)
  @IsInt({ message: '须为整数' })
  @Min(0)
  @Max(2000)
  days: number;
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('days')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary: "A year's public holidays and make-up working days (调休); other days follow the Mon–Fri week",
  })
  @ApiOkResponse({ type: CalendarDayView, isArray: true })
  list(@Query() q: CalendarYearQuery) {
    return this.calendar.list(q.year ?? Number(shanghaiToday().slice(0, 4)));
  }

  @Put('days/:date')
  @CityWide()
  @Roles('admin')
  @ApiParam({ name: 'date', example: '2026-10-01' })
  @ApiOperation({
    summary: 'Set a day as a holiday or a weekend make-up working day, from the official notice (admin; audited)',
  })
  @ApiOkResponse({ type: CalendarDayChange })
  set(@Param() p: CalendarDateParam, @Body() dto: SetCalendarDayDto, @CurrentActor() actor: Actor) {
    return this.calendar.upsert({ date: p.date, ...dto }, actor.username);
  }

  @Delete('days/:date')
  @CityWide()
  @Roles('admin')
  @HttpCode(204)
  @ApiParam({ name: 'date', example: '2026-10-01' })
  @ApiOperation({ summary: 'Remove a day, so it follows the ordinary Mon–Fri week again (admin; audited)' })
  async remove(@Param() p: CalendarDateParam): Promise<void> {
    await this.calendar.remove(p.date);
  }

  @Get('working-days/add')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary:
      'The date that is `days` working days after `from` (e.g. a labour-inspection deadline); provisionalYears names the years counted Monday–Friday because their arrangement is not loaded',
  })
  @ApiOkResponse({ type: WorkingDaysResult })
  async add(@Query() q: AddWorkingDaysQuery) {
    const d = await this.calendar.workingDeadline(q.from, q.days);
    return { from: q.from, days: q.days, result: d.dueOn, provisionalYears: d.provisionalYears };
  }

  @Get('coverage')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary:
      "Which years' holiday arrangements are loaded; a notice when this year's, or from 1 November next year's, is missing",
  })
  @ApiOkResponse({ type: CalendarCoverage })
  coverage() {
    return this.calendar.coverage();
  }

  @Post('years/preview')
  @CityWide()
  @Roles('admin')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description:
            'a year arrangement as JSON: { year, source, holidays: [{name, from, to}], workdays: [{name, date}] } (README)',
        },
      },
    },
  })
  @UseInterceptors(FileInterceptor('file', { defParamCharset: 'utf8', limits: { fileSize: 1024 * 1024, files: 1 } }))
  @ApiOperation({
    summary:
      "Upload a year's holiday arrangement: the preview says which days change and which running deadlines move; nothing is loaded until it is confirmed (admin)",
  })
  @ApiCreatedResponse({ type: CalendarLoadView })
  preview(@UploadedFile() file: { buffer: Buffer; originalname: string } | undefined, @CurrentActor() actor: Actor) {
    return this.calendar.previewYear(file, actor);
  }

  @Get('years/loads/:id')
  @Roles('admin')
  @ApiOkResponse({ type: CalendarLoadView })
  load(@Param('id', ParseIntPipe) id: number) {
    return this.calendar.getLoad(id);
  }

  @Post('years/loads/:id/confirm')
  @CityWide()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Load the previewed year in one step: its days replace the year's, the year counts as loaded, moved deadlines are recomputed and their processes told (admin; audited)",
  })
  @ApiOkResponse({ type: CalendarLoadConfirmed })
  confirm(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.calendar.confirmYear(id, actor);
  }
}
