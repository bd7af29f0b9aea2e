import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One line of the append-only audit trail. The database itself refuses UPDATE, DELETE and
 * TRUNCATE on this table (trigger in the migration), whatever the application does.
 */
@Entity('audit_log')
// A record's trail, newest first (migration AuditTrailIndexes; it replaced the index on entity and entityId alone).
@Index('IDX_audit_log_record', ['entity', 'entityId', 'id'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 64 })
  actorName: string;

  @Column({ type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ type: 'varchar', length: 40 })
  entity: string;

  @Column({ type: 'varchar', length: 40 })
  entityId: string;

  /** create | update | delete | read_sensitive | <state change, e.g. contract_signed> */
  @Column({ type: 'varchar', length: 48 })
  action: string;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}
