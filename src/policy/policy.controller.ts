import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { IsCalendarDate } from '../identity/index.js';
import { POLICY_KEY_NAMES, type PolicyKey } from './policy-keys.js';
import { PolicyService } from './policy.service.js';
import { shanghaiToday } from '../common/dates.js';
import { ListedPolicyValueView, PolicySnapshotView, PolicyValueView } from './policy.responses.js';

export class AddPolicyValueDto {
  @ApiProperty({ enum: POLICY_KEY_NAMES })
  @IsIn(POLICY_KEY_NAMES, { message: '没有这项政策参数' })
  key: PolicyKey;

  @ApiProperty({ description: 'whole number in the key unit (days, fen, months, percent)' })
  @IsInt({ message: '须为整数' })
  @Min(0, { message: '不能为负数' })
  @Max(100_000_000, { message: '数值过大' })
  value: number;

  @ApiProperty({ example: '2027-01-01', description: 'today (Asia/Shanghai) or later' })
  @IsCalendarDate()
  effectiveFrom: string;

  @ApiProperty({ example: '县人社局〔2027〕3号文', description: 'the document or article the value comes from' })
  @IsString({ message: '请填写依据' })
  @Length(2, 200, { message: '依据须为2至200个字' })
  source: string;

  @ApiPropertyOptional({
    description:
      "the county whose own value this is; default the admin's own county (a city admin: the default for every county)",
  })
  @IsOptional()
  @IsInt({ message: '请选择县（区）' })
  @Min(1, { message: '请选择县（区）' })
  @Max(2147483647, { message: '请选择县（区）' })
  countyId?: number;
}

export class PolicyCountyQuery {
  @ApiPropertyOptional({ description: "a county id; default the user's own county (a city user: the defaults)" })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '请选择县（区）' })
  @Min(1, { message: '请选择县（区）' })
  @Max(2147483647, { message: '请选择县（区）' })
  county?: number;
}

export class PolicyAsOfQuery extends PolicyCountyQuery {
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
  @ApiOperation({
    summary: "Every dated policy value with its source: the defaults (countyId null) and the county's own values",
  })
  @ApiOkResponse({ type: ListedPolicyValueView, isArray: true })
  async list(@Query() q: PolicyCountyQuery) {
    return this.policy.list(await this.policy.countyFor(q.county, 'county'));
  }

  @Get('in-force')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary:
      'The value of each policy key in force on a date (default today, Asia/Shanghai) in a county: its own where it has one, else the default',
  })
  @ApiOkResponse({ type: PolicySnapshotView })
  async inForce(@Query() q: PolicyAsOfQuery) {
    return this.policy.inForce(q.date ?? shanghaiToday(), await this.policy.countyFor(q.county, 'county'));
  }

  @Post()
  @CityWide()
  @Roles('admin')
  @ApiOperation({
    summary:
      "Add a new value of a policy key from a date, today or later (400 POLICY.PAST_DATE before; a percent at most 100) (admin): a county admin for their county, a city admin the default or a named county's; running processes keep theirs",
  })
  @ApiCreatedResponse({ type: PolicyValueView })
  async add(@Body() dto: AddPolicyValueDto) {
    return this.policy.add({ ...dto, countyId: await this.policy.countyFor(dto.countyId) });
  }
}
