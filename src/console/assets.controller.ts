import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../common/roles.decorator.js';
import { templatesDir } from '../documents/template-engine.js';

/** The console's script, a file of ours: public like a stylesheet, so the login page has it too. */
@ApiExcludeController()
@Controller('console/assets')
export class ConsoleAssets {
  private readonly script = readFileSync(join(templatesDir(), 'console', 'console.js'));

  @Get('console.js')
  @Public()
  js(@Res() res: Response): void {
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.end(this.script);
  }
}
