import { ApiProperty } from '@nestjs/swagger';

/** An official document (公文) without its content: what lists and records show of it. */
export class DocumentSummaryView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ description: 'template name, e.g. contract_reminder' })
  type: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: '文号' })
  number: string;

  @ApiProperty({ type: 'string', format: 'date' })
  issuedOn: string;

  @ApiProperty({ description: 'SHA-256 of the stored HTML' })
  sha256: string;

  @ApiProperty({ description: 'placement, case, claim…' })
  subjectType: string;

  @ApiProperty({ type: 'integer' })
  subjectId: number;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
}

class StoredPdfMeta {
  @ApiProperty({ description: 'SHA-256 of the PDF bytes' })
  sha256: string;

  @ApiProperty({ type: 'integer', description: 'its size' })
  bytes: number;

  @ApiProperty({ description: 'what printed it' })
  renderer: string;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
}

/** A document's record without its HTML, with its stored PDF's digest (null until first printed). */
export class DocumentMetaView extends DocumentSummaryView {
  @ApiProperty({ type: 'integer' })
  year: number;

  @ApiProperty({ type: 'integer', description: 'its number in the county series of the year' })
  seq: number;

  @ApiProperty()
  businessKey: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the data it was rendered from (personal numbers masked)',
  })
  data: Record<string, unknown>;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: StoredPdfMeta, nullable: true })
  pdf: StoredPdfMeta | null;
}
