import { Global, Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module.js';
import { CaseActivities } from './cases.activities.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Global()
@Module({
  imports: [TasksModule],
  controllers: [CasesController],
  providers: [CasesService, CaseActivities],
  exports: [CasesService],
})
export class CasesModule {}
