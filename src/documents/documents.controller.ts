import { ConsolePages } from '../auth/console-session.js';
import { Controller, Get, Header, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { Roles } from '../common/roles.decorator.js';
import { DocumentsService } from './documents.service.js';
import { DOCUMENT_CSP } from './pdf-printer.js';
import { DocumentMetaView } from './documents.responses.js';

@ApiTags('documents')
@ApiBearerAuth()
@ConsolePages()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':id.pdf')
  @Roles('admin', 'caseworker', 'finance')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'The document as a PDF: printed by headless Chromium the first time, the stored bytes ever after',
  })
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  async pdf(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const { pdf, sha256 } = await this.documents.pdfFor(id, actor);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="document-${id}.pdf"`);
    // The bytes never change, so their digest is the entity tag.
    res.setHeader('ETag', `"${sha256}"`);
    res.end(pdf);
  }

  @Get(':id/meta')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary:
      'Number, type, sha256 and the data the document was rendered from; pdf: the stored PDF (sha256, bytes) or null',
  })
  @ApiOkResponse({ type: DocumentMetaView })
  async meta(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    const { html: _html, ...rest } = await this.documents.getFor(id, actor);
    return { ...rest, pdf: await this.documents.pdfMeta(id) };
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'finance')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', DOCUMENT_CSP)
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The document as rendered (print-ready HTML, A4)' })
  @ApiOkResponse({ description: 'HTML', schema: { type: 'string' } })
  async html(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<string> {
    return (await this.documents.getFor(id, actor)).html;
  }
}
