import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

export const TASK_QUEUES = ['mine', 'role', 'all'] as const;

export class TaskListQuery {
  @ApiPropertyOptional({
    enum: TASK_QUEUES,
    default: 'all',
    description: "mine: assigned to the caller; role: the caller's role's queue; all: both",
  })
  @IsOptional()
  @IsIn(TASK_QUEUES)
  queue: (typeof TASK_QUEUES)[number] = 'all';

  @ApiPropertyOptional({ description: 'only tasks about workers or households of this township (its name)' })
  @IsOptional()
  @IsString()
  @Length(2, 40)
  township?: string;

  @ApiPropertyOptional({ enum: ['open', 'done'], description: 'default both, open first' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 50;
}

export class TaskDoneDto {
  @ApiPropertyOptional({ description: 'what was done', example: '已电话告知学员及培训机构' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
