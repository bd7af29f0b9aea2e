import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { ListQuery } from '../common/paging.js';
import { IsCalendarDate, IsFen, NotInFuture } from '../identity/index.js';
import { PLACEMENT_STATUSES, type PlacementStatus } from './placement.entity.js';

export class EndPlacementDto {
  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  @NotInFuture()
  endDate: string;

  @ApiProperty({ example: '合同期满离职' })
  @IsString()
  @Length(2, 500, { message: '请填写原因（2至500个字）' })
  reason: string;
}

/** The worker's open placement, ended by the registration of the next one (the same path as POST /placements/:id/end). */
export class EndPreviousPlacementDto extends EndPlacementDto {
  @ApiProperty({ description: "the worker's placement that has not ended" })
  @IsInt()
  @Min(1)
  placementId: number;
}

export class RegisterPlacementDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  workerId: number;

  @ApiProperty()
  @IsInt()
  @Min(1)
  employerId: number;

  @ApiPropertyOptional({ description: 'the referring broker (职业介绍人), if any' })
  @IsOptional()
  @IsInt()
  @Min(1)
  brokerId?: number;

  @ApiProperty({
    example: '2026-11-10',
    description: 'employment start date (确立劳动关系之日); the 15-day clock runs from it',
  })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '报纸投递员' })
  @IsString()
  @Length(1, 60)
  job: string;

  @ApiProperty({ example: 320000, description: 'monthly wage in fen, > 0' })
  @IsFen({ positive: true })
  monthlyWageFen: number;

  @ApiProperty({ example: '黑龙江省哈尔滨市南岗区' })
  @IsString()
  @Length(2, 100)
  destination: string;

  @ApiProperty({ description: 'organised by the bureau (有组织输出)' })
  @IsBoolean()
  organised: boolean;

  @ApiPropertyOptional({
    type: EndPreviousPlacementDto,
    description:
      'a worker has one placement at a time: ends the open one (date and reason) before this one is registered; without it, a worker still employed answers 409 with the open placement',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => EndPreviousPlacementDto)
  endPrevious?: EndPreviousPlacementDto;
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Multipart form fields (strings on the wire); the scanned contract comes as the `file` part (see the controller's ApiBody). */
export class RecordContractDto {
  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  @NotInFuture()
  signedOn: string;

  @ApiPropertyOptional({ example: 24, description: 'term in months; omit when openEnded' })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: '合同期限须为整数月' })
  @Min(1)
  @Max(240)
  termMonths?: number;

  @ApiPropertyOptional({ description: 'open-ended contract (无固定期限)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  openEnded?: boolean;
}

/** A status, or `unsigned`: every placement still without its contract, overdue ones included. */
export const PLACEMENT_STATUS_FILTERS = [...PLACEMENT_STATUSES, 'unsigned'] as const;

export class PlacementListQuery extends ListQuery {
  @ApiPropertyOptional({
    enum: PLACEMENT_STATUS_FILTERS,
    description: 'unsigned = awaiting_contract or overdue (no contract yet)',
  })
  @IsOptional()
  @IsIn(PLACEMENT_STATUS_FILTERS)
  status?: PlacementStatus | 'unsigned';

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
  employerId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  brokerId?: number;

  @ApiPropertyOptional({ enum: ['id', 'startDate', 'deadline'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'startDate', 'deadline'])
  sort: 'id' | 'startDate' | 'deadline' = 'id';
}
