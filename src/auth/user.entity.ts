import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Role } from '../common/request-context.js';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40, unique: true })
  username: string;

  /** 姓名: how the user appears on pages and letters (never the login). */
  @Column({ type: 'varchar', length: 40 })
  displayName: string;

  /** 办公电话, printed on the letters the user signs as contact. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  officePhone: string | null;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  /** The office the user works in, which decides the records they reach. */
  @Column({ type: 'int' })
  officeId: number;

  /** scrypt$N$r$p$salt$hash (see passwords.ts). */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
