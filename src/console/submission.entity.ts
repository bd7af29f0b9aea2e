import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per console form submitted: the form's one-time token, and where its result is.
 * A second submission of the same form (a double click, a reload of the POST) finds the row
 * and is sent to the first one's result instead of doing the thing again.
 */
@Entity('console_submissions')
export class ConsoleSubmission {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  token: string;

  @Column({ type: 'varchar', length: 64 })
  sessionId: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  resultUrl: string | null;

  /** What the submission produced, when a page shows it afterwards (a batch approval's per-claim results). */
  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
