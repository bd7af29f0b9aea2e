import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { PayeeAccountFields } from '../registry/payee-account.js';
import { IsCalendarDate, IsCreditCode, IsFen } from '../identity/index.js';
import {
  COURSE_MODES,
  COURSE_STATUSES,
  SUBSIDY_PAYEES,
  type CourseMode,
  type CourseStatus,
  type SubsidyPayee,
} from '../registry/training.entity.js';

/** Training providers, courses and enrolments (the register the training subsidy rests on). */
export class CreateTrainingProviderDto extends PayeeAccountFields {
  @ApiProperty({ example: '示范县职业技能培训学校' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;

  @ApiProperty()
  @IsString()
  @Length(1, 40)
  contactName: string;

  @ApiProperty()
  @IsString()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { message: '请填写手机号或固定电话（如 0411-86661234）' })
  contactPhone: string;
}

/** A provider's name and contact, changed against the version read; its credit code stays as registered. */
export class UpdateTrainingProviderDto extends PayeeAccountFields {
  @ApiProperty({ description: 'the version you read (409 if someone changed it since)' })
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
  @Length(1, 40)
  contactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { message: '请填写手机号或固定电话（如 0411-86661234）' })
  contactPhone?: string;
}

export class CreateCourseDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  providerId: number;

  @ApiProperty({ example: '报纸投递员定单培训班' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiProperty({ example: '报纸投递' })
  @IsString()
  @Length(1, 60)
  specialty: string;

  @ApiProperty({ enum: COURSE_MODES })
  @IsIn(COURSE_MODES)
  mode: CourseMode;

  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2026-12-07' })
  @IsCalendarDate()
  endDate: string;

  @ApiProperty({ example: 56 })
  @IsInt({ message: '学时须为整数' })
  @Min(1)
  hours: number;

  @ApiProperty({ example: 60000, description: 'fen' })
  @IsFen({ positive: true })
  subsidyPerTraineeFen: number;

  @ApiPropertyOptional({ enum: SUBSIDY_PAYEES, default: 'provider' })
  @IsOptional()
  @IsIn(SUBSIDY_PAYEES)
  payee?: SubsidyPayee;

  @ApiPropertyOptional({ description: 'required for order and directed courses' })
  @IsOptional()
  @IsInt()
  @Min(1)
  orderingEmployerId?: number;
}

export class CourseListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: COURSE_MODES })
  @IsOptional()
  @IsIn(COURSE_MODES)
  mode?: CourseMode;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  providerId?: number;

  @ApiPropertyOptional({ enum: COURSE_STATUSES, description: 'derived from the dates and the completion' })
  @IsOptional()
  @IsIn(COURSE_STATUSES)
  status?: CourseStatus;

  @ApiPropertyOptional({ description: 'courses starting on or after this date' })
  @IsOptional()
  @IsCalendarDate()
  startFrom?: string;

  @ApiPropertyOptional({ description: 'courses starting on or before this date' })
  @IsOptional()
  @IsCalendarDate()
  startTo?: string;

  @ApiPropertyOptional({ enum: ['id', 'name', 'startDate', 'endDate'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'name', 'startDate', 'endDate'])
  sort: 'id' | 'name' | 'startDate' | 'endDate' = 'id';
}

export class ProviderListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['id', 'name', 'createdAt'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'name', 'createdAt'])
  sort: 'id' | 'name' | 'createdAt' = 'id';
}

export class EnrollDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  workerId: number;
}
