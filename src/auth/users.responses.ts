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

class LoggedInUser {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  username: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ description: '姓名' })
  displayName: string;
}

/** A bearer token for `Authorization: Bearer <token>`, until it expires. */
export class LoginResult {
  @ApiProperty()
  token: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ type: LoggedInUser })
  user: LoggedInUser;
}

class ActorOffice {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: ['city', 'county', 'station'] })
  kind: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: "what the user's pages are headed with: the county's name, or the city's" })
  bureauName: string;
}

class ActorReach {
  @ApiProperty({
    oneOf: [
      { type: 'array', items: { type: 'integer' } },
      { type: 'string', enum: ['*'] },
    ],
    description: 'the counties whose records the user reaches',
  })
  counties: number[] | '*';

  @ApiProperty({ type: 'integer', nullable: true, description: 'the station the user is confined to' })
  station: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  county: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  office: number | null;
}

/** Who the token belongs to: the user, their role, office and the records they reach. */
export class CurrentUser {
  @ApiProperty({ type: 'integer' })
  userId: number;

  @ApiProperty()
  username: string;

  @ApiProperty({ description: '姓名' })
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: 'integer', nullable: true, description: "a broker's own broker record" })
  brokerId: number | null;

  @ApiProperty({ type: ActorOffice })
  office: ActorOffice;

  @ApiProperty({ type: ActorReach })
  reach: ActorReach;
}
