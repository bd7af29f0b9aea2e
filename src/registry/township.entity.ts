import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 乡镇: the township a worker belongs to, with its yearly labour-export target. */
@Entity('townships')
export class Township {
  @PrimaryGeneratedColumn()
  id: number;

  /** Unique within its county. */
  @Column({ type: 'varchar', length: 40 })
  name: string;

  @Column({ type: 'int' })
  countyId: number;

  /** The township station serving it, if the county has set one up. */
  @Column({ type: 'int', nullable: true })
  stationId: number | null;

  /** 劳务输出 target for the current year (persons), for the overview against actuals. */
  @Column({ type: 'int', default: 0 })
  yearlyTarget: number;
}
