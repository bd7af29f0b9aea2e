import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { OfficeKind } from '../common/request-context.js';

/**
 * 机构: the city (市), a county bureau (县局) with its letterhead and document series, or a township
 * labour security station (乡镇劳动保障所) of a county. Every user belongs to one.
 */
@Entity('offices')
export class Office {
  @PrimaryGeneratedColumn()
  id: number;

  /** The city for a county, the county for a station; none for the city. */
  @Column({ type: 'int', nullable: true })
  parentId: number | null;

  @Column({ type: 'varchar', length: 8 })
  kind: OfficeKind;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  /** A county's 文号 prefix: `{prefix}{type}〔2026〕15号`. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  documentPrefix: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** The text of the seal printed under a county's documents. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  sealText: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  address: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
