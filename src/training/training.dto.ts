import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class AttendanceDto {
  @ApiProperty({ example: 12 })
  @IsInt({ message: '课次须为整数' })
  @Min(0)
  @Max(1000)
  sessionsAttended: number;

  @ApiProperty({ example: 14 })
  @IsInt({ message: '课次须为整数' })
  @Min(1)
  @Max(1000)
  sessionsTotal: number;
}

export class AssessmentDto {
  @ApiProperty({ enum: ['pass', 'fail'] })
  @IsIn(['pass', 'fail'])
  result: 'pass' | 'fail';

  @ApiPropertyOptional({ example: 'ZJ2026-000123', description: '职业技能证书 number, if any' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: '须为4至40位字母、数字或“-”' })
  certificateNo?: string;
}
