import { Module } from '@nestjs/common';
import { TrainingSubsidyActivities } from './training-subsidy.activities.js';
import { TrainingRecordController } from './training.controller.js';
import { TrainingRecordService } from './training-record.service.js';

@Module({ controllers: [TrainingRecordController], providers: [TrainingRecordService, TrainingSubsidyActivities] })
export class TrainingModule {}
