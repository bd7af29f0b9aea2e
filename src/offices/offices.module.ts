import { Module } from '@nestjs/common';
import { OfficesController } from './offices.controller.js';
import { OfficesService } from './offices.service.js';

/** 机构: the offices' tree, who manages which part, and handing records between offices. */
@Module({
  controllers: [OfficesController],
  providers: [OfficesService],
  exports: [OfficesService],
})
export class OfficesModule {}
