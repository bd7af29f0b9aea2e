import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { FontsController } from './fonts.controller.js';
import { PdfPrinter } from './pdf-printer.js';

@Module({
  controllers: [DocumentsController, FontsController],
  providers: [DocumentsService, PdfPrinter],
  exports: [DocumentsService],
})
export class DocumentsModule {}
