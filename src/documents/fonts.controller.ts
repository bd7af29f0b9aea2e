import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/roles.decorator.js';
import { DocumentErrors } from './documents.errors.js';
import { fontFile, fontStylesheet } from './fonts.js';

/** The shipped CJK fonts for documents and console pages: public, like any stylesheet. */
@ApiExcludeController()
@Controller('fonts')
export class FontsController {
  @Get(':name.css')
  @Public()
  stylesheet(@Param('name') name: string, @Res() res: Response): void {
    const css = fontStylesheet(name);
    if (!css) throw DocumentErrors.FONT_NOT_FOUND();
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.end(css);
  }

  @Get(':name/:file')
  @Public()
  file(@Param('name') name: string, @Param('file') file: string, @Res() res: Response): void {
    const path = fontFile(name, file);
    if (!path) throw DocumentErrors.FONT_NOT_FOUND();
    res.sendFile(path, { maxAge: '7d', headers: { 'Content-Type': 'font/woff2' } });
  }
}
