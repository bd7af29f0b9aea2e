import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../common/request-context.js';
import { AuthService } from './auth.service.js';
import { CreateUserDto, LoginDto, UpdateUserDto } from './auth.dto.js';
import { CurrentActor } from './current-actor.decorator.js';
import { CityWide, Public, Roles } from '../common/roles.decorator.js';
import { UsersService } from './users.service.js';
import { CreatedUser, CurrentUser, ListedUserView, LoginResult, PasswordReset, UserView } from './users.responses.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns a bearer token that expires' })
  @ApiTooManyRequestsResponse({
    description:
      '这个用户名（AUTH.THROTTLED）或这个地址（AUTH.ADDRESS_THROTTLED）登录失败次数过多，retryAfterSeconds 秒后再试',
    schema: { $ref: '#/components/schemas/ErrorBody' },
  })
  @ApiOkResponse({ type: LoginResult })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.username, dto.password, req.ip);
  }

  @Post('logout')
  @CityWide()
  @HttpCode(204)
  @ApiBearerAuth()
  @Roles('admin', 'caseworker', 'finance', 'broker')
  @ApiOperation({ summary: 'Revoke the token used for this call' })
  async logout(@Req() req: Request & { sessionId: string }, @CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(req.sessionId, actor);
  }

  @Get('me')
  @ApiBearerAuth()
  @Roles('admin', 'caseworker', 'finance', 'broker')
  @ApiOkResponse({ type: CurrentUser })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @CityWide()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Create a user with a role (admin); without a password the system makes a temporary one, returned once as temporaryPassword',
  })
  @ApiCreatedResponse({ type: CreatedUser })
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: ListedUserView, isArray: true })
  list() {
    return this.users.list();
  }

  @Patch(':id')
  @CityWide()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Rename, move, change the role of, deactivate or reactivate a user, or set their password; deactivation, a role change and a new password revoke their tokens. The last active admin of the city or of a county bureau cannot be deactivated, given another role or moved (409 USER.LAST_ADMIN)',
  })
  @ApiOkResponse({ type: UserView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(id, dto);
  }

  @Post(':id/reset-password')
  @CityWide()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reset a password: the system makes a temporary password, returned in this answer only (never again, never audited); the old password and all tokens stop working and a login lock is lifted',
  })
  @ApiOkResponse({ type: PasswordReset })
  resetPassword(@Param('id', ParseIntPipe) id: number) {
    return this.users.resetPassword(id);
  }

  @Post(':id/unlock')
  @CityWide()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Lift the lock the login throttle put on a user after repeated failed logins (409 USER.NOT_LOCKED if none)',
  })
  @ApiOkResponse({ type: ListedUserView })
  unlock(@Param('id', ParseIntPipe) id: number) {
    return this.users.unlock(id);
  }
}
