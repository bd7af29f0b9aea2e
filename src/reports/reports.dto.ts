import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

export class MonthlyFiguresQuery {
  @ApiPropertyOptional({
    example: '2026-11',
    description: 'YYYY-MM, Asia/Shanghai; default the current month; not after it',
  })
  @IsOptional()
  @IsString()
  month?: string;

  @ApiPropertyOptional({ description: 'a township id (GET /townships); default the whole county' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '请选择乡镇' })
  @Min(1, { message: '请选择乡镇' })
  township?: number;
}

export class IssueReportQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: issue a new report (new 文号) even if the month has one',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  reissue?: 'true' | 'false';
}

export class IssueReportDto {
  @ApiPropertyOptional({ description: '存在的问题 (a paragraph)' })
  @IsOptional()
  @IsString()
  @Length(2, 2000)
  problems?: string;

  @ApiPropertyOptional({ type: [String], description: '下步打算 (numbered paragraphs)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(2, 500, { each: true })
  nextSteps?: string[];
}
