import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DATE_SHAPE } from '../common/dates.js';
import { Roles } from '../common/roles.decorator.js';
import { AuditService } from './audit.service.js';
import { AuditPage } from './audit.responses.js';

/** A calendar day; strict ISO checks it exists (no 30 February). Platform code cannot use identity's check. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class AuditQuery {
  @ApiPropertyOptional({ description: 'kind of record, e.g. worker, placement, calendar_year' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{2,40}$/, { message: '请填写记录类型（如 worker、placement）' })
  entity?: string;

  @ApiPropertyOptional({ description: 'number of the record (with entity)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: '请填写记录编号' })
  id?: string;

  @ApiPropertyOptional({ description: 'id of the user who acted' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '请选择操作人' })
  @Min(1, { message: '请选择操作人' })
  user?: number;

  @ApiPropertyOptional({
    description: 'action, e.g. create, update, read_sensitive (a read of a full ID or phone number)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{2,48}$/, { message: '请选择操作' })
  action?: string;

  @ApiPropertyOptional({ description: 'first day, an Asia/Shanghai calendar date YYYY-MM-DD (inclusive)' })
  @IsOptional()
  @Matches(DAY, { message: DATE_SHAPE })
  @IsISO8601({ strict: true }, { message: DATE_SHAPE })
  from?: string;

  @ApiPropertyOptional({ description: 'last day, an Asia/Shanghai calendar date YYYY-MM-DD (inclusive)' })
  @IsOptional()
  @Matches(DAY, { message: DATE_SHAPE })
  @IsISO8601({ strict: true }, { message: DATE_SHAPE })
  to?: string;

  @ApiPropertyOptional({
    description: 'position: lines older than this line id (the previous answer\'s "next"); newest first without it',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[1-9][0-9]{0,18}$/, { message: '请填写有效的位置' })
  before?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;

  @ApiPropertyOptional({ default: 0, description: 'kept for old callers; prefer before' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  offset = 0;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'The audit trail (admin): by record, user, action and Asia/Shanghai date range, newest first',
    description:
      'Paged by position: "next" is the id to pass as before for the following page (null on the last). ' +
      'The whole trail is never counted.',
  })
  @ApiOkResponse({ type: AuditPage })
  list(@Query() q: AuditQuery) {
    return this.audit.list(q);
  }
}
