import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 乡镇: the township a worker belongs to, with its yearly labour-export target. */
@Entity('townships')
export class Township {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40, unique: true })
  name: string;

  /** 劳务输出 target for the current year (persons), for the overview against actuals. */
  @Column({ type: 'int', default: 0 })
  yearlyTarget: number;
}
