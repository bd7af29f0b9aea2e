import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../common/request-context.js';

/** A user without their password hash. */
export class UserView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ description: 'the login' })
  username: string;

  @ApiProperty({ description: '姓名' })
  displayName: string;

  // Left out of the answer that creates a user without one.
  @ApiProperty({ type: 'string', nullable: true, required: false, description: '办公电话' })
  officePhone: string | null;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: 'integer' })
  officeId: number;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

/** A new user; with the temporary password, once, when none was given. */
export class CreatedUser extends UserView {
  @ApiProperty({ required: false })
  temporaryPassword?: string;
}

/** A user as the admin's list shows them. */
export class ListedUserView extends UserView {
  @ApiProperty()
  officeName: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'locked by the login throttle until',
  })
  lockedUntil: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  lastLoginAt: string | null;
}

/** A reset password: the temporary one, shown in this answer only. */
export class PasswordReset {
  @ApiProperty()
  temporaryPassword: string;

  @ApiProperty({ type: UserView })
  user: UserView;
}
