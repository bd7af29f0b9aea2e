import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins per username, whether or not the user exists, so throttling does not
 * reveal which usernames are real.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  lastFailureAt: Date;
}
