import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
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
  ValidateIf,
} from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { IsCalendarDate, IsCitizenId, IsCreditCode, IsMainlandMobile } from '../identity/index.js';
import { BROKER_STATUSES, type BrokerStatus } from './broker.entity.js';
import { PayeeAccountFields } from './payee-account.js';
import { WORKER_CATEGORIES, type WorkerCategory } from './worker.entity.js';

// At least two letters: spaces and dots alone are no name (the service trims what is typed).
const NAME = /^(?=(?:[^\p{Script=Han}A-Za-z]*[\p{Script=Han}A-Za-z]){2})[\p{Script=Han}A-Za-z·.\s-]{2,40}$/u;
const NAME_MSG = '姓名须为2至40个汉字或字母，可含“·”和空格';

export class CreateWorkerDto extends PayeeAccountFields {
  @ApiProperty({ example: '张三' })
  @IsString()
  @Matches(NAME, { message: NAME_MSG })
  name: string;

  @ApiProperty({
    example: '230781198503121234',
    description: '18-digit 公民身份号码; birth date and sex are derived from it',
  })
  @IsCitizenId()
  citizenId: string;

  @ApiProperty({ example: '13812345678' })
  @IsMainlandMobile()
  phone: string;

  @ApiProperty({ example: '城关镇', description: 'one of GET /townships' })
  @IsString()
  @Length(2, 40)
  township: string;

  @ApiProperty({ enum: WORKER_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(WORKER_CATEGORIES, { each: true, message: '人员类别请从列表中选择' })
  categories: WorkerCategory[];

  @ApiPropertyOptional({ example: ['电焊', '叉车'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  skills?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class UpdateWorkerDto extends PayeeAccountFields {
  @ApiProperty({ description: 'the version you read; a stale version answers 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: NAME_MSG })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMainlandMobile()
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ enum: WORKER_CATEGORIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(WORKER_CATEGORIES, { each: true, message: '人员类别请从列表中选择' })
  categories?: WorkerCategory[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  skills?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class WorkerListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: WORKER_CATEGORIES })
  @IsOptional()
  @IsIn(WORKER_CATEGORIES)
  category?: WorkerCategory;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ enum: ['id', 'name', 'township', 'createdAt'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'name', 'township', 'createdAt'])
  sort: 'id' | 'name' | 'township' | 'createdAt' = 'id';

  @ApiPropertyOptional({
    description:
      'seed 001: members of zero-employment households first (when picking people for a course, an order or a post)',
  })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  priorityFirst?: boolean;
}

export class CreateEmployerDto {
  @ApiProperty({ example: '大连某某物流有限公司' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiProperty({ example: '91210211MA0TQ8GX3B' })
  @IsCreditCode()
  creditCode: string;

  @ApiProperty({ example: '大连市甘井子区' })
  @IsString()
  @Length(2, 100)
  region: string;

  @ApiProperty({ example: '刘经理' })
  @IsString()
  @Length(1, 40)
  contactName: string;

  @ApiProperty({ example: '0411-86661234' })
  @IsString()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { message: '请填写手机号或固定电话（如 0411-86661234）' })
  contactPhone: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsCalendarDate()
  agreementStart?: string;

  @ApiPropertyOptional({ example: '2027-12-31' })
  @IsOptional()
  @IsCalendarDate()
  agreementEnd?: string;
}

export class UpdateEmployerDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 100)
  region?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 40)
  contactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { message: '请填写手机号或固定电话（如 0411-86661234）' })
  contactPhone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  agreementStart?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  agreementEnd?: string;
}

export class EmployerListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['id', 'name', 'region', 'createdAt'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'name', 'region', 'createdAt'])
  sort: 'id' | 'name' | 'region' | 'createdAt' = 'id';
}

export class CreateBrokerDto extends PayeeAccountFields {
  @ApiProperty({ example: '赵六' })
  @IsString()
  @Matches(NAME, { message: NAME_MSG })
  name: string;

  @ApiProperty()
  @IsCitizenId()
  citizenId: string;

  @ApiProperty()
  @IsMainlandMobile()
  phone: string;

  @ApiProperty({ example: 'LJ-2026-0012', description: '劳务经纪人资格证书 number' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: '须为4至40位字母、数字或“-”' })
  certificateNo: string;

  @ApiPropertyOptional({ description: 'id of a user with role broker to log in as this broker' })
  @IsOptional()
  @IsInt()
  @Min(1)
  userId?: number;
}

export class ChangeBrokerStatusDto {
  @ApiProperty({ enum: BROKER_STATUSES })
  @IsIn(BROKER_STATUSES)
  status: BrokerStatus;

  @ApiProperty({ example: '资格证书过期' })
  @IsString()
  @Length(2, 500, { message: '请填写原因（2至500个字）' })
  reason: string;

  @ApiProperty({ example: '2026-11-23' })
  @IsCalendarDate()
  effectiveDate: string;
}

export class BrokerListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: BROKER_STATUSES })
  @IsOptional()
  @IsIn(BROKER_STATUSES)
  status?: BrokerStatus;

  @ApiPropertyOptional({ enum: ['id', 'name', 'certificateNo', 'status', 'createdAt'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'name', 'certificateNo', 'status', 'createdAt'])
  sort: 'id' | 'name' | 'certificateNo' | 'status' | 'createdAt' = 'id';
}

/** A broker's name and contact phone; the ID number and certificate are fixed at registration. */
export class UpdateBrokerDto extends PayeeAccountFields {
  @ApiProperty({ description: 'the version you read; a stale version answers 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: NAME_MSG })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMainlandMobile()
  phone?: string;
}

/** A township's yearly labour-export target, in persons: far above any county's, so a typing slip is refused. */
export const YEARLY_TARGET_MAX = 1_000_000;
const YEARLY_TARGET_MSG = `须为0至${YEARLY_TARGET_MAX}之间的整数（人）`;

export class CreateTownshipDto {
  @ApiProperty({ example: '城关镇' })
  @IsString()
  @Matches(/^[\p{Script=Han}]{2,20}(镇|乡|街道|办事处)$/u, {
    message: '乡镇名称须以“镇”“乡”“街道”或“办事处”结尾',
  })
  name: string;

  @ApiPropertyOptional({ example: 1200, minimum: 0, maximum: YEARLY_TARGET_MAX, description: 'persons a year' })
  @IsOptional()
  @IsInt({ message: YEARLY_TARGET_MSG })
  @Min(0, { message: YEARLY_TARGET_MSG })
  @Max(YEARLY_TARGET_MAX, { message: YEARLY_TARGET_MSG })
  yearlyTarget?: number;

  @ApiPropertyOptional({
    description: "the county it belongs to: a city admin names it; a county's users create in their own",
  })
  @IsOptional()
  @IsInt({ message: '请选择所属县局' })
  @Min(1, { message: '请选择所属县局' })
  @Max(2147483647, { message: '请选择所属县局' })
  countyId?: number;
}

export class UpdateTownshipDto {
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: "the county's township station serving it (GET /offices); null: the county bureau itself",
  })
  @IsOptional()
  @IsInt({ message: '请选择乡镇劳动保障所' })
  @Min(1, { message: '请选择乡镇劳动保障所' })
  @Max(2147483647, { message: '请选择乡镇劳动保障所' })
  stationId?: number | null;

  @ApiPropertyOptional({ example: 1200, minimum: 0, maximum: YEARLY_TARGET_MAX, description: 'persons a year' })
  // Absent keeps the target; null is not a target (IsOptional would let it through to the NOT NULL column).
  @ValidateIf((_o, v) => v !== undefined)
  @IsInt({ message: YEARLY_TARGET_MSG })
  @Min(0, { message: YEARLY_TARGET_MSG })
  @Max(YEARLY_TARGET_MAX, { message: YEARLY_TARGET_MSG })
  yearlyTarget?: number;
}
