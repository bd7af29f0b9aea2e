import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../common/request-context.js';
import { AuthService } from './auth.service.js';
import { CreateUserDto, LoginDto, UpdateUserDto } from './auth.dto.js';
import { CurrentActor } from './current-actor.decorator.js';
import { Public, Roles } from '../common/roles.decorator.js';
import { UsersService } from './users.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns a bearer token that expires' })
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.username, dto.password);
  }

  @Post('logout')
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
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user with a role (admin)' })
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Get()
  @Roles('admin')
  list() {
    return this.users.list();
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Rename, deactivate or reset the password of a user; deactivation and reset revoke their tokens',
  })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(id, dto);
  }
}
