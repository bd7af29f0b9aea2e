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
  MaxLength,
  Min,
} from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { IsCalendarDate, IsCitizenId, IsFen } from '../identity/index.js';
import { JOB_PROPOSAL_STATUSES, type JobProposalStatus } from './job-proposal.entity.js';
import { JOB_ORDER_STATUSES, type JobOrderStatus } from './job-order.entity.js';
import {
  JOB_SEEKER_ENTRY_SOURCES,
  JOB_SEEKER_STATUSES,
  type JobSeekerEntrySource,
  type JobSeekerStatus,
} from './job-seeker.entity.js';

export class CreateJobOrderDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  employerId: number;

  @ApiProperty({ example: '采棉工' })
  @IsString()
  @Length(1, 60)
  job: string;

  @ApiProperty({ example: 30, description: '招用人数' })
  @IsInt()
  @Min(1)
  @Max(10000)
  headcount: number;

  @ApiProperty({ example: 300000, description: 'monthly wage, lower end, fen' })
  @IsFen({ positive: true })
  wageMinFen: number;

  @ApiProperty({ example: 450000, description: 'monthly wage, upper end, fen (≥ wageMinFen)' })
  @IsFen({ positive: true })
  wageMaxFen: number;

  @ApiProperty({ example: '新疆维吾尔自治区阿克苏地区' })
  @IsString()
  @Length(2, 100)
  destination: string;

  @ApiPropertyOptional({ description: 'the township it recruits in; omitted: the whole county' })
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiProperty({ example: '2026-09-01', description: 'when the people are needed' })
  @IsCalendarDate()
  startDate: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'seasonal orders: the last day; the order expires after it',
  })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({ example: 18 })
  @IsOptional()
  @IsInt()
  @Min(16)
  @Max(70)
  ageMin?: number;

  @ApiPropertyOptional({ example: 55 })
  @IsOptional()
  @IsInt()
  @Min(16)
  @Max(70)
  ageMax?: number;

  @ApiPropertyOptional({ enum: ['male', 'female'], description: 'only where lawful, with sexReason' })
  @IsOptional()
  @IsIn(['male', 'female'])
  sex?: 'male' | 'female';

  @ApiPropertyOptional({ description: 'the lawful ground for asking for one sex' })
  @IsOptional()
  @IsString()
  @Length(4, 200)
  sexReason?: string;

  @ApiPropertyOptional({ type: String, isArray: true, example: ['采棉'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ type: String, isArray: true, example: ['健康证'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  certificates?: string[];

  @ApiProperty({ description: '包吃' })
  @IsBoolean()
  board: boolean;

  @ApiProperty({ description: '包住' })
  @IsBoolean()
  lodging: boolean;

  @ApiProperty({ example: '刘经理' })
  @IsString()
  @Length(1, 40)
  contactName: string;

  @ApiProperty({ example: '0997-2123456' })
  @IsString()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { message: '请填写手机号或固定电话（如 0411-86661234）' })
  contactPhone: string;

  @ApiPropertyOptional({ description: 'the cooperation agreement (合作协议) it falls under' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  agreement?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class CloseJobOrderDto {
  @ApiProperty({ example: '用工单位已招满' })
  @IsString()
  @Length(2, 500, { message: '请填写原因（2至500个字）' })
  reason: string;
}

export class JobOrderListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: [...JOB_ORDER_STATUSES, 'live'], description: 'live = open or partly filled' })
  @IsOptional()
  @IsIn([...JOB_ORDER_STATUSES, 'live'])
  status?: JobOrderStatus | 'live';

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  employerId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ description: 'part of the place of work' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  destination?: string;

  @ApiPropertyOptional({ enum: ['id', 'startDate'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'startDate'])
  sort: 'id' | 'startDate' = 'id';
}

export class RegisterJobSeekerDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  workerId: number;

  @ApiProperty({ type: String, isArray: true, example: ['采棉工', '建筑小工'], description: '求职意向, 1 to 10' })
  @IsArray()
  @ArrayMinSize(1, { message: '请至少填写一个求职意向' })
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  jobs: string[];

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    example: ['新疆'],
    description: 'places accepted; none: anywhere',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  destinations?: string[];

  @ApiPropertyOptional({ example: 350000, description: 'expected monthly wage, fen' })
  @IsOptional()
  @IsFen({ positive: true })
  expectedWageFen?: number;

  @ApiProperty({ example: '2026-12-10' })
  @IsCalendarDate()
  availableFrom: string;

  @ApiProperty({ description: 'would take training first' })
  @IsBoolean()
  wantsTraining: boolean;

  @ApiProperty({
    enum: JOB_SEEKER_ENTRY_SOURCES,
    description: 'window 窗口, station 乡镇劳动保障所, survey_visit 入户调查 (a ledger import marks its own)',
  })
  @IsIn(JOB_SEEKER_ENTRY_SOURCES)
  source: JobSeekerEntrySource;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class WithdrawJobSeekerDto {
  @ApiProperty({ example: '已自行外出务工' })
  @IsString()
  @Length(2, 500, { message: '请填写原因（2至500个字）' })
  reason: string;
}

export class JobSeekerListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: JOB_SEEKER_STATUSES })
  @IsOptional()
  @IsIn(JOB_SEEKER_STATUSES)
  status?: JobSeekerStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  workerId?: number;
}

export class ProposeDto {
  @ApiPropertyOptional({ description: 'the worker (staff pick from the candidate list)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  workerId?: number;

  @ApiPropertyOptional({ description: "a broker names the worker they bring by the worker's ID number" })
  @IsOptional()
  @IsCitizenId()
  citizenId?: string;

  @ApiPropertyOptional({ description: 'staff: the broker who brought the worker, if any' })
  @IsOptional()
  @IsInt()
  @Min(1)
  brokerId?: number;
}

export class AnswerProposalDto {
  @ApiProperty({ description: "the employer's answer: true = accepted (用工意向)" })
  @IsBoolean()
  accepted: boolean;

  @ApiPropertyOptional({ description: 'required when refused' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class StartProposalDto {
  @ApiProperty({ example: '2026-12-10', description: 'employment start date (确立劳动关系之日)' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: 400000, description: 'monthly wage agreed, fen' })
  @IsFen({ positive: true })
  monthlyWageFen: number;

  @ApiPropertyOptional({
    description: 'organised by the bureau (有组织输出); default true: it came through the bureau',
  })
  @IsOptional()
  @IsBoolean()
  organised?: boolean;
}

export class ProposalListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: JOB_PROPOSAL_STATUSES })
  @IsOptional()
  @IsIn(JOB_PROPOSAL_STATUSES)
  status?: JobProposalStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  orderId?: number;
}

/** The public list's filters: county, township it recruits in, part of the place of work, part of the job or employer. */
/** A search form's empty field is no filter (a select left at 全部 sends county=). */
const blankOr =
  (f: (v: string) => unknown) =>
  ({ value }: { value: unknown }) =>
    typeof value === 'string' ? (value.trim() === '' ? undefined : f(value)) : value;

export class PublicJobQuery {
  @ApiPropertyOptional({ description: 'a county bureau (offices.id)' })
  @IsOptional()
  @Transform(blankOr((v) => (/^\d{1,10}$/.test(v) ? Number(v) : v)))
  @IsInt()
  @Min(1)
  @Max(2147483647)
  county?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(blankOr((v) => v))
  @IsString()
  @MaxLength(40)
  township?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(blankOr((v) => v))
  @IsString()
  @MaxLength(100)
  destination?: string;

  @ApiPropertyOptional({ description: 'part of the job or the employer' })
  @IsOptional()
  @Transform(blankOr((v) => v))
  @IsString()
  @MaxLength(60)
  q?: string;
}
