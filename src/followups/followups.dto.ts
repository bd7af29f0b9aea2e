import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { IsCalendarDate, IsFen, NotInFuture } from '../identity/index.js';
import {
  CHECKIN_METHODS,
  CHECKIN_PROBLEMS,
  RETURN_REASONS,
  type CheckInMethod,
  type CheckInProblem,
  type ReturnReason,
} from './follow-up.entity.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** 回访记录: what the officer learnt, on one screen. */
export class RecordCheckInDto {
  @ApiProperty({ example: '2026-12-01', description: 'the day of the check-in' })
  @IsCalendarDate()
  @NotInFuture()
  doneOn: string;

  @ApiProperty({ enum: CHECKIN_METHODS, description: 'phone 电话 / visit 实地走访 / group 集中座谈' })
  @IsIn(CHECKIN_METHODS)
  method: CheckInMethod;

  @ApiProperty({ description: '已签订劳动合同' })
  @IsBoolean()
  contractSigned: boolean;

  @ApiProperty({ description: '工资按时发放' })
  @IsBoolean()
  wagesOnTime: boolean;

  @ApiProperty({ description: '工资足额发放' })
  @IsBoolean()
  wagesInFull: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 168, description: '每周工作小时数' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  weeklyHours?: number;

  @ApiProperty({ description: '食宿条件正常' })
  @IsBoolean()
  housingOk: boolean;

  @ApiProperty({ description: '劳动安全有保障' })
  @IsBoolean()
  safetyOk: boolean;

  @ApiPropertyOptional({
    enum: CHECKIN_PROBLEMS,
    isArray: true,
    description: 'problems found; each opens a rights case linked to the placement',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CHECKIN_PROBLEMS.length)
  @ArrayUnique({ message: '每种问题只能选择一次' })
  @IsIn(CHECKIN_PROBLEMS, { each: true })
  problems?: CheckInProblem[];

  @ApiPropertyOptional({ type: 'integer', description: 'for wage arrears: the amount owed, fen' })
  @IsOptional()
  @IsFen()
  amountOwedFen?: number;

  @ApiPropertyOptional({ description: '回访情况' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  notes?: string;

  @ApiPropertyOptional({ description: '本人反映（原话）' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  workerWords?: string;
}

export class RecordReturnReasonDto {
  @ApiProperty({ enum: RETURN_REASONS })
  @IsIn(RETURN_REASONS)
  reason: ReturnReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class DueCheckInQuery extends ListQuery {
  @ApiPropertyOptional({ description: "only the township's" })
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ description: 'only those of my placements' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ type: 'integer', default: 7, description: 'also those due within this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(90)
  within: number = 7;
}
