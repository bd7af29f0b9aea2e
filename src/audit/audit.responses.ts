import { ApiProperty } from '@nestjs/swagger';

/** One line of the append-only audit trail; personal numbers masked, secrets left out. */
export class AuditEntryView {
  @ApiProperty({ description: 'a bigint, as text' })
  id: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null where a process acted' })
  actorId: number | null;

  @ApiProperty()
  actorName: string;

  @ApiProperty()
  actorRole: string;

  @ApiProperty({ description: 'placement, case, claim…' })
  entity: string;

  @ApiProperty()
  entityId: string;

  @ApiProperty()
  action: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  before: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  after: Record<string, unknown> | null;

  @ApiProperty({ type: 'string', nullable: true })
  requestId: string | null;
}

/** A page of the trail, newest first; `next` is the `before` of the page after, null at the end. */
export class AuditPage {
  @ApiProperty({ type: AuditEntryView, isArray: true })
  items: AuditEntryView[];

  @ApiProperty({ type: 'string', nullable: true })
  next: string | null;
}
