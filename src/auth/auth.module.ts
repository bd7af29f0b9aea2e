import { Global, Module } from '@nestjs/common';
import { AuthController, UsersController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { UsersService } from './users.service.js';

@Global()
@Module({
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, AuthGuard],
  exports: [AuthService, UsersService, AuthGuard],
})
export class AuthModule {}
