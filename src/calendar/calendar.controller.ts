import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Actor } from '../audit/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { shanghaiToday } from '../common/dates.js';
import { IsCalendarDate } from '../registry/identity/index.js';
import { CALENDAR_DAY_KINDS, type CalendarDayKind } from './calendar-day.entity.js';
import { CalendarService } from './calendar.service.js';

export class CalendarDateParam {
  @IsCalendarDate()
  date: string;
}

export class SetCalendarDayDto {
  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'holiday (放假) or a weekend make-up working day (调休上班)' })
  @IsIn(CALENDAR_DAY_KINDS, { message: 'must be holiday or workday' })
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
  @IsInt({ message: 'must be a year such as 2026' })
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
  @IsInt({ message: 'must be a whole number' })
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
  list(@Query() q: CalendarYearQuery) {
    return this.calendar.list(q.year ?? Number(shanghaiToday().slice(0, 4)));
  }

  @Put('days/:date')
  @Roles('admin')
  @ApiParam({ name: 'date', example: '2026-10-01' })
  @ApiOperation({
    summary: 'Set a day as a holiday or a weekend make-up working day, from the official notice (admin; audited)',
  })
  set(@Param() p: CalendarDateParam, @Body() dto: SetCalendarDayDto, @CurrentActor() actor: Actor) {
    return this.calendar.upsert({ date: p.date, ...dto }, actor.username);
  }

  @Delete('days/:date')
  @Roles('admin')
  @HttpCode(204)
  @ApiParam({ name: 'date', example: '2026-10-01' })
  @ApiOperation({ summary: 'Remove a day, so it follows the ordinary Mon–Fri week again (admin; audited)' })
  async remove(@Param() p: CalendarDateParam): Promise<void> {
    await this.calendar.remove(p.date);
  }

  @Get('working-days/add')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({ summary: 'The date that is `days` working days after `from` (e.g. a labour-inspection deadline)' })
  async add(@Query() q: AddWorkingDaysQuery) {
    return { from: q.from, days: q.days, result: await this.calendar.addWorkingDays(q.from, q.days) };
  }
}
