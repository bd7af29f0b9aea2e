import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';

export class ReportedTeacherDto {
  @ApiProperty({ example: '李春梅' })
  @IsString({ message: '请填写授课教师姓名' })
  @Length(2, 30, { message: '授课教师姓名须为2—30个字' })
  name: string;

  @ApiPropertyOptional({ example: '高级技师（报纸投递）' })
  @IsOptional()
  @IsString({ message: '教师资格须为文字' })
  @Length(0, 60, { message: '教师资格不能超过60个字' })
  qualification?: string;
}

/** 开班报告: the course's plan and teachers; the trainees are those enrolled when it is reported. */
export class SubmitClassStartReportDto {
  @ApiProperty({ example: '第1—3天投递路线与分拣；第4—6天跟岗实习；第7天考核' })
  @IsString({ message: '请填写培训计划' })
  @Length(4, 2000, { message: '培训计划须为4—2000个字' })
  plan: string;

  @ApiProperty({ type: [ReportedTeacherDto] })
  @IsArray({ message: '请填写授课教师' })
  @ArrayMinSize(1, { message: '至少填写一名授课教师' })
  @ArrayMaxSize(20, { message: '授课教师不能超过20名' })
  @ValidateNested({ each: true })
  @Type(() => ReportedTeacherDto)
  teachers: ReportedTeacherDto[];
}

export const CLASS_START_DECISIONS = ['approve', 'reject'] as const;

export class DecideClassStartReportDto {
  @ApiProperty({ enum: CLASS_START_DECISIONS })
  @IsIn(CLASS_START_DECISIONS, { message: '请选择批准或退回' })
  decision: (typeof CLASS_START_DECISIONS)[number];

  @ApiPropertyOptional({ description: 'required when returning the report' })
  @IsOptional()
  @IsString({ message: '退回原因须为文字' })
  @Length(0, 500, { message: '退回原因不能超过500个字' })
  reason?: string;
}
