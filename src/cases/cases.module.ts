import { Global, Module } from '@nestjs/common';
import { CaseActivities } from './cases.activities.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Global()
@Module({ controllers: [CasesController], providers: [CasesService, CaseActivities], exports: [CasesService] })
export class CasesModule {}
