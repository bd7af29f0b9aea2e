import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TrainingSubsidyActivities } from './training-subsidy.activities.js';
import { TrainingRecordController } from './training.controller.js';
import { TrainingRecordService } from './training-record.service.js';

@Module({
  imports: [ClaimsModule, PolicyModule, TemporalModule, TasksModule],
  controllers: [TrainingRecordController],
  providers: [TrainingRecordService, TrainingSubsidyActivities],
})
export class TrainingModule {}
