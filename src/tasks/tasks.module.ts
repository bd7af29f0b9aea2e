import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

/** 待办: imported by every context whose processes raise or close tasks, and by the console. */
@Module({ imports: [AuthModule], controllers: [TasksController], providers: [TasksService], exports: [TasksService] })
export class TasksModule {}
