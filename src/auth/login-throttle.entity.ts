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

/**
 * Failed logins per client address in the current window, kept in Postgres so the limit holds
 * across API replicas: random usernames pass the per-username lock, and each costs a password hash.
 */
@Entity('login_address_throttle')
export class LoginAddressThrottle {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  address: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt: Date;
}
