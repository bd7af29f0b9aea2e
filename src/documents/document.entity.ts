import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * 公文/文书: rendered once from a template, numbered per county per type per year without gaps,
 * and never changed afterwards (the database refuses UPDATE and DELETE on this table).
 */
@Entity('documents')
@Unique(['countyId', 'type', 'year', 'seq'])
@Index(['subjectType', 'subjectId'])
export class DocumentRecord {
  @PrimaryGeneratedColumn()
  id: number;

  /** The county bureau issuing it: its letterhead, 文号 prefix and number series. */
  @Column({ type: 'int' })
  countyId: number;

  /** Template name, e.g. contract_reminder. */
  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'varchar', length: 60 })
  title: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  seq: number;

  /** 文号, e.g. 示劳输提〔2026〕15号; unique within the county. */
  @Column({ type: 'varchar', length: 60 })
  number: string;

  /** What the document is about: placement 42, case 7, claim 3… */
  @Column({ type: 'varchar', length: 20 })
  subjectType: string;

  @Column({ type: 'int' })
  subjectId: number;

  /** Makes rendering idempotent: an activity retried renders nothing new. */
  @Column({ type: 'varchar', length: 120, unique: true })
  businessKey: string;

  @Column({ type: 'date' })
  issuedOn: string;

  /** The data it was rendered from (with masked personal numbers). */
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A document's PDF, stored when it is first printed and served from here ever after, so
 * the printed copy is as fixed as the HTML. Insert-only like the documents themselves.
 */
@Entity('document_pdfs')
export class DocumentPdf {
  @PrimaryColumn({ type: 'int' })
  documentId: number;

  @Column({ type: 'bytea', select: false })
  pdf: Buffer;

  /** SHA-256 of the PDF bytes (the HTML's is documents.sha256). */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'int' })
  bytes: number;

  /** The browser build that printed it. */
  @Column({ type: 'varchar', length: 80 })
  renderer: string;

  @Column({ type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The last number issued per county, series (document type or case register) and year. */
@Entity('number_counters')
export class NumberCounter {
  @Column({ type: 'int', primary: true })
  countyId: number;

  @Column({ type: 'varchar', length: 40, primary: true })
  series: string;

  @Column({ type: 'int', primary: true })
  year: number;

  @Column({ type: 'int' })
  last: number;
}
