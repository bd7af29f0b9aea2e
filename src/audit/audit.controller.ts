import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Roles } from '../common/roles.decorator.js';
import { AuditService } from './audit.service.js';

export class AuditQuery {
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{2,40}$/, { message: '请填写记录类型（如 worker、placement）' })
  entity?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: '请填写记录编号' })
  id?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The audit trail of one record (admin)' })
  list(@Query() q: AuditQuery) {
    return this.audit.list(q);
  }
}
