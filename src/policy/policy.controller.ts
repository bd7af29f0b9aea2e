import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Roles } from '../common/roles.decorator.js';
import { IsCalendarDate } from '../identity/index.js';
import { POLICY_KEY_NAMES, type PolicyKey } from './policy-keys.js';
import { PolicyService } from './policy.service.js';
import { shanghaiToday } from '../common/dates.js';

export class AddPolicyValueDto {
  @ApiProperty({ enum: POLICY_KEY_NAMES })
  @IsIn(POLICY_KEY_NAMES, { message: '没有这项政策参数' })
  key: PolicyKey;

  @ApiProperty({ description: 'whole number in the key unit (days, fen, months, percent)' })
  @IsInt({ message: '须为整数' })
  @Min(0)
  @Max(100_000_000)
  value: number;

  @ApiProperty({ example: '2027-01-01' })
  @IsCalendarDate()
  effectiveFrom: string;

  @ApiProperty({ example: '县人社局〔2027〕3号文' })
  @IsString()
  @Length(2, 200)
  source: string;
}

export class PolicyAsOfQuery {
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

@ApiTags('policy')
@ApiBearerAuth()
@Controller('policies')
export class PolicyController {
  constructor(private readonly policy: PolicyService) {}

  @Get()
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({ summary: 'Every dated policy value with its source' })
  list() {
    return this.policy.list();
  }

  @Get('in-force')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({ summary: 'The value of each policy key in force on a date (default today, Asia/Shanghai)' })
  inForce(@Query() q: PolicyAsOfQuery) {
    return this.policy.inForce(q.date ?? shanghaiToday());
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a new value of a policy key from a date (admin); running processes keep theirs' })
  add(@Body() dto: AddPolicyValueDto) {
    return this.policy.add(dto);
  }
}
