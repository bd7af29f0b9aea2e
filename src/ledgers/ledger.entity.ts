import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { LedgerKind } from './columns.js';

export const IMPORT_STATUSES = ['preview', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export type RowAction = 'create' | 'update' | 'unchanged' | 'reject';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** 台账导入: one uploaded ledger, its preview, and (once confirmed) the progress of the import workflow. */
@Entity('ledger_imports')
export class LedgerImport {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_ledger_imports' })
  id: number;

  /** The county bureau the record belongs to (set by the database from its township or parent). */
  @Column({ type: 'int' })
  countyId: number;

  /** The office holding it: a township station, or the county bureau itself. */
  @Column({ type: 'int' })
  officeId: number;

  @Column({ type: 'varchar', length: 20 })
  kind: LedgerKind;

  @Column({ type: 'varchar', length: 12, default: 'preview' })
  status: ImportStatus;

  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'varchar', length: 8 })
  fileType: 'xlsx' | 'csv';

  /** The header row as uploaded (for the error report), and the row number it was on. */
  @Column({ type: 'jsonb' })
  headers: string[];

  @Column({ type: 'int' })
  headerRow: number;

  /** Columns of the file that are not part of this kind (ignored). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  ignoredColumns: string[];

  /** Data rows in the file (empty rows skipped). */
  @Column({ type: 'int' })
  total: number;

  /** What the preview found. */
  @Column({ type: 'jsonb' })
  preview: ImportCounts;

  /** What the import did so far (filled while it runs). */
  @Column({ type: 'jsonb' })
  result: ImportCounts;

  @Column({ type: 'int', default: 0 })
  rowsDone: number;

  /** Rows refused so far: at preview and, if the registry changed meanwhile, while importing. */
  @Column({ type: 'int', default: 0 })
  errorsSoFar: number;

  @Column({ type: 'int', nullable: true })
  createdById: number | null;

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'varchar', length: 40, nullable: true })
  confirmedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}

/** One data row of an upload: as uploaded, what it means, what the preview and the import made of it. */
@Entity('ledger_import_rows')
@Index('IDX_ledger_import_rows_action', ['importId', 'action'])
export class LedgerImportRow {
  @ManyToOne(() => LedgerImport, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'importId', foreignKeyConstraintName: 'FK_ledger_import_rows_import' })
  import?: Relation<LedgerImport>;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_ledger_import_rows' })
  importId: number;

  /** 0-based position among the data rows; batches are ranges of it. */
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_ledger_import_rows' })
  seq: number;

  /** The row number in the sheet as Excel shows it. */
  @Column({ type: 'int' })
  rowNo: number;

  /** The cells as uploaded, in the order of the header row. */
  @Column({ type: 'jsonb' })
  raw: (string | number | boolean | null)[];

  @Column({ type: 'varchar', length: 80, nullable: true })
  naturalKey: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 10 })
  action: RowAction;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons: string[];

  /** Fields the preview found different from the registry (updates). */
  @Column({ type: 'jsonb', nullable: true })
  changes: string[] | null;

  @Column({ type: 'boolean', default: false })
  applied: boolean;

  /** What the import did with the row: created / updated / unchanged / rejected. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  outcome: string | null;
}

/** 卡表册人相符: a township ledger compared with the registry (nothing imported). */
@Entity('ledger_reconciliations')
export class LedgerReconciliation {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_ledger_reconciliations' })
  id: number;

  /** The county bureau the record belongs to (set by the database from its township or parent). */
  @Column({ type: 'int' })
  countyId: number;

  /** The office holding it: a township station, or the county bureau itself. */
  @Column({ type: 'int' })
  officeId: number;

  @Column({ type: 'varchar', length: 40 })
  township: string;

  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'jsonb' })
  result: Record<string, unknown>;

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
