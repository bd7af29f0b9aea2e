import { ApiProperty } from '@nestjs/swagger';

// Nullable columns a new office was not given are left out of the answer that creates it, so
// none of them is required.

/** 机构: the city, a county bureau or a township station. */
export class OfficeView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer', nullable: true, required: false, description: 'none for the city' })
  parentId: number | null;

  @ApiProperty({ enum: ['city', 'county', 'station'] })
  kind: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'string', nullable: true, required: false, description: "a county's 文号 prefix" })
  documentPrefix: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  phone: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  sealText: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  address: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

/** An office with the offices under it. */
export class OfficeNodeView extends OfficeView {
  @ApiProperty({ type: () => OfficeNodeView, isArray: true })
  children: OfficeNodeView[];
}

/** The office that holds a record after a handover (移交). */
export class HolderView {
  @ApiProperty({ type: 'integer' })
  officeId: number;

  @ApiProperty()
  officeName: string;
}
