import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module.js';
import { TrainingSubsidyActivities } from './training-subsidy.activities.js';
import { TrainingRecordController } from './training.controller.js';
import { TrainingRecordService } from './training-record.service.js';

@Module({
  imports: [TasksModule],
  controllers: [TrainingRecordController],
  providers: [TrainingRecordService, TrainingSubsidyActivities],
})
export class TrainingModule {}
