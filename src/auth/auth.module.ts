import { Module } from '@nestjs/common';
import { AuthController, UsersController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { UserDirectory } from './user-directory.js';
import { UsersService } from './users.service.js';
import { OfficesModule } from '../offices/offices.module.js';
import { SessionPurgeActivities } from './session-purge.activities.js';

@Module({
  imports: [OfficesModule],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, UserDirectory, AuthGuard, SessionPurgeActivities],
  exports: [AuthService, UsersService, UserDirectory, AuthGuard],
})
export class AuthModule {}
