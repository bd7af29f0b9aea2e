import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const OFFICE_ID = { min: 1, max: 2147483647 };

export class CreateOfficeDto {
  @ApiProperty({
    enum: ['county', 'station'],
    description: 'a county bureau under the city, or a township station under a county',
  })
  @IsIn(['county', 'station'], { message: '请选择机构类别（县局或乡镇劳动保障所）' })
  kind: 'county' | 'station';

  @ApiProperty({ description: 'the city for a county, a county for a station (GET /offices)' })
  @IsInt({ message: '请选择上级机构' })
  @Min(OFFICE_ID.min, { message: '请选择上级机构' })
  @Max(OFFICE_ID.max, { message: '请选择上级机构' })
  parentId: number;

  @ApiProperty({ example: '东风镇劳动保障所' })
  @IsString()
  @IsNotEmpty({ message: '请填写机构名称' })
  @MaxLength(60)
  name: string;

  @ApiPropertyOptional({
    example: '东劳输',
    description: "a county's 文号 prefix; required for a county, none for a station",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: '县局须填写文号前缀' })
  @MaxLength(20)
  documentPrefix?: string;

  @ApiPropertyOptional({ example: '0458-5612345' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  @ApiPropertyOptional({ description: 'the text of the seal under the documents' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  sealText?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  address?: string;
}

export class UpdateOfficeDto {
  @ApiProperty({ description: 'the version read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: '请填写机构名称' })
  @MaxLength(60)
  name?: string;

  @ApiPropertyOptional({ description: 'a county only' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: '县局须填写文号前缀' })
  @MaxLength(20)
  documentPrefix?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  sealText?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  address?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** 移交: a held record to another office of its county, and why. */
export class HandoverDto {
  @ApiProperty({ description: 'the county bureau or one of its township stations (GET /offices)' })
  @IsInt({ message: '请选择接收机构' })
  @Min(OFFICE_ID.min, { message: '请选择接收机构' })
  @Max(OFFICE_ID.max, { message: '请选择接收机构' })
  officeId: number;

  @ApiProperty({ example: '户籍在东风镇，由该所就近跟踪服务' })
  @MaxLength(200, { message: '移交原因最多200个字' })
  @IsNotEmpty({ message: '请填写移交原因' })
  @IsString({ message: '请填写移交原因' })
  reason: string;
}
