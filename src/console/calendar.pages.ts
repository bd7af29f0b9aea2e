import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce } from './forms.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

type Upload = { buffer: Buffer; originalname: string };

/** 节假日安排: which years are loaded, and loading a year's arrangement from its file (preview, then confirm). */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/calendar')
export class CalendarPages {
  constructor(
    private readonly calendar: CalendarService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  private async index(req: ConsoleRequest, res: Response, errors: Errors): Promise<string> {
    return this.views.render('calendar', '节假日安排', pageContext(req, res), {
      coverage: await this.calendar.coverage(),
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get()
  @Roles('admin')
  async show(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.index(req, res, {}));
  }

  @Post()
  @Roles('admin')
  @UseInterceptors(FileInterceptor('file', { defParamCharset: 'utf8', limits: { fileSize: 1024 * 1024, files: 1 } }))
  async upload(
    @UploadedFile() file: Upload | undefined,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async (): Promise<string | Errors> => {
        if (!file) return { file: '请选择节假日安排文件（.json）' };
        return `/console/calendar/loads/${(await this.calendar.previewYear(file, req.actor)).id}`;
      },
      rerender: (errors) => this.index(req, res, errors),
      done: '文件已检查，请核对将要变化的日期和期限后确认导入。',
      fields: ['file'],
    });
  }

  @Get('loads/:id')
  @Roles('admin')
  async load(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.loadPage(id, req, res, {}));
  }

  private async loadPage(id: number, req: ConsoleRequest, res: Response, errors: Errors): Promise<string> {
    const load = await this.calendar.getLoad(id);
    return this.views.render('calendar-load', `${load.year}年节假日安排`, pageContext(req, res), {
      load,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Post('loads/:id/confirm')
  @Roles('admin')
  async confirm(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.calendar.confirmYear(id, req.actor);
        return `/console/calendar/loads/${id}`;
      },
      rerender: (errors) => this.loadPage(id, req, res, errors),
      done: '节假日安排已导入，相关期限已重算。',
    });
  }
}
