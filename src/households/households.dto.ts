import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { IsCalendarDate, NotInFuture } from '../identity/index.js';
import {
  CLEARING_MEASURES,
  type ClearingMeasure,
  EMPLOYMENT_KINDS,
  type EmploymentKind,
  HOUSEHOLD_STATUSES,
  type HouseholdStatus,
  RELATIONSHIPS,
  type Relationship,
  REQUEST_CHANNELS,
  REQUEST_KINDS,
  type RequestKind,
  SERVICES_OFFERED,
} from './household.entity.js';

export class MemberDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  workerId: number;

  @ApiProperty({ enum: RELATIONSHIPS, description: 'relationship to the head of household' })
  @IsIn(RELATIONSHIPS)
  relationship: Relationship;
}

export class CreateHouseholdDto {
  @ApiProperty({ example: '城关镇解放路12号' })
  @IsString()
  @Length(4, 200)
  address: string;

  @ApiProperty({ example: '城关镇' })
  @IsString()
  @Length(2, 40)
  township: string;

  @ApiPropertyOptional({ description: 'user id of the caseworker responsible for the follow-up visits' })
  @IsOptional()
  @IsInt()
  @Min(1)
  responsibleUserId?: number;

  @ApiProperty({ type: [MemberDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members: MemberDto[];
}

export class AddMemberDto extends MemberDto {}

export class AddEmploymentDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  workerId: number;

  @ApiProperty({
    enum: EMPLOYMENT_KINDS,
    description: 'self_employment (个体经营/自主创业), public_post (公益性岗位), flexible (灵活就业)',
  })
  @IsIn(EMPLOYMENT_KINDS)
  kind: EmploymentKind;

  @ApiPropertyOptional({
    enum: CLEARING_MEASURES,
    description: 'the measure that led to it (default: own_business for self-employment, public_post for a post)',
  })
  @IsOptional()
  @IsIn(CLEARING_MEASURES)
  measure?: ClearingMeasure;

  @ApiProperty({ example: '2026-11-01' })
  @IsCalendarDate()
  @NotInFuture()
  startDate: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  note?: string;
}

export class EndEmploymentDto {
  @ApiProperty()
  @IsCalendarDate()
  @NotInFuture()
  endDate: string;

  @ApiProperty()
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class RecordVisitDto {
  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  @NotInFuture()
  visitedOn: string;

  @ApiPropertyOptional({ description: 'who visited (default: the caller)' })
  @IsOptional()
  @IsString()
  @Length(2, 40)
  visitedBy?: string;

  @ApiProperty({ enum: SERVICES_OFFERED, isArray: true })
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(SERVICES_OFFERED, { each: true })
  offered: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;
}

export class HouseholdListQuery extends ListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ enum: HOUSEHOLD_STATUSES })
  @IsOptional()
  @IsIn(HOUSEHOLD_STATUSES)
  status?: HouseholdStatus;

  @ApiPropertyOptional({ description: "only the caller's households" })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  mine?: boolean;
}

export class PriorityQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ description: 'name or skill' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  q?: string;
}

export class SummaryQuery {
  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  to: string;
}

// ---- survey rounds ----
export class OpenRoundDto {
  @ApiProperty({ example: '2026H2', description: 'the half-year: YYYYH1 (Jan–Jun) or YYYYH2 (Jul–Dec)' })
  @IsString()
  @Matches(/^20\d\dH[12]$/, { message: '请按“年份H1/H2”填写半年，如 2026H2' })
  period: string;
}

export class SurveyVisitDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  householdId: number;

  @ApiProperty()
  @IsCalendarDate()
  @NotInFuture()
  visitedOn: string;

  @ApiProperty({
    enum: HOUSEHOLD_STATUSES,
    description: 'what the visit found; it must agree with the registry (record an employment first)',
  })
  @IsIn(HOUSEHOLD_STATUSES)
  finding: HouseholdStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;
}

export class MissedDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  householdId: number;

  @ApiProperty({ example: '全家外出务工，多次上门未遇' })
  @IsString()
  @Length(4, 500)
  reason: string;
}

// ---- contact-card requests ----
export class CreateRequestDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  householdId: number;

  @ApiPropertyOptional({ description: 'the member who asked (required for a rights problem)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  workerId?: number;

  @ApiProperty({ example: '户主 王某' })
  @IsString()
  @Length(2, 40)
  caller: string;

  @ApiProperty({ enum: REQUEST_CHANNELS })
  @IsIn(REQUEST_CHANNELS)
  channel: (typeof REQUEST_CHANNELS)[number];

  @ApiProperty({
    enum: REQUEST_KINDS,
    description: 'job, training, post (公益性岗位), loan (小额担保贷款), rights (维权)',
  })
  @IsIn(REQUEST_KINDS)
  kind: RequestKind;

  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  details: string;

  @ApiPropertyOptional({ description: 'default today; not in the future' })
  @IsOptional()
  @IsCalendarDate()
  @NotInFuture()
  receivedOn?: string;

  @ApiPropertyOptional({
    description:
      "user id of the caseworker who answers (default: the household's responsible caseworker, else the caller)",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  assigneeId?: number;

  @ApiPropertyOptional({
    description: 'rights problem: case kind',
    enum: ['wage_arrears', 'no_contract', 'injury', 'treatment', 'other'],
  })
  @IsOptional()
  @IsIn(['wage_arrears', 'no_contract', 'injury', 'treatment', 'other'])
  caseKind?: 'wage_arrears' | 'no_contract' | 'injury' | 'treatment' | 'other';

  @ApiPropertyOptional({ description: 'rights problem: employer concerned' })
  @IsOptional()
  @IsInt()
  @Min(1)
  employerId?: number;

  @ApiPropertyOptional({ description: 'rights problem: amount claimed, fen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountClaimedFen?: number;
}

export class AnswerRequestDto {
  @ApiPropertyOptional({
    example: '推荐至县工业园区某鞋业公司面试（普工，月薪3500元）',
    description: 'what was offered (required to close)',
  })
  @IsOptional()
  @IsString()
  @Length(2, 2000)
  offered?: string;

  @ApiPropertyOptional({ description: 'whether the household accepted it (required to close)' })
  @IsOptional()
  @IsBoolean()
  accepted?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;
}

export class RequestListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['open', 'answered'] })
  @IsOptional()
  @IsIn(['open', 'answered'])
  status?: 'open' | 'answered';

  @ApiPropertyOptional({ description: 'only requests assigned to the caller' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  householdId?: number;
}
