import { ConsolePages } from '../auth/console-session.js';
import {
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Headers,
  HttpCode,
  Injectable,
  NestInterceptor,
  Param,
  ParseIntPipe,
  PayloadTooLargeException,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../common/roles.decorator.js';
import { LedgerErrors } from './ledgers.errors.js';
import { wantsXlsx, XLSX_MIME } from '../common/xlsx-export.js';
import { LEDGER_KINDS, type LedgerKind } from './columns.js';
import { LedgerImportsService } from './ledger-imports.service.js';
import { FormatQuery, ImportListQuery, ImportRowsQuery, ReconcileDto, UploadLedgerDto } from './ledgers.dto.js';
import { ReconciliationService } from './reconciliation.service.js';
import { MAX_LEDGER_BYTES } from './sheet-reader.js';

import {
  ImportListItem,
  ImportPage,
  ImportPreview,
  ImportRowPage,
  ReconciliationView,
  XLSX_FILE,
} from './ledgers.responses.js';

type Upload = { buffer: Buffer; size: number; originalname: string };

const xlsx = (f: { buffer: Buffer; fileName: string }) =>
  new StreamableFile(f.buffer, {
    type: XLSX_MIME,
    disposition: `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
  });

const LEDGER_UPLOAD = {
  schema: {
    type: 'object',
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description: '.xlsx or .csv (UTF-8 or GBK), at most 20 MB; the kind is judged by content',
      },
    },
  },
};

/** Multer's own limit answers a bare "File too large": say it in words the office understands. */
const uploadInterceptor = () => {
  const Multer = FileInterceptor('file', {
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_LEDGER_BYTES, files: 1, fields: 5 },
  });
  @Injectable()
  class LedgerUploadInterceptor implements NestInterceptor {
    private readonly multer = new (Multer as unknown as new () => NestInterceptor)();
    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      try {
        return await this.multer.intercept(ctx, next);
      } catch (e) {
        if (e instanceof PayloadTooLargeException) {
          throw LedgerErrors.FILE_TOO_LARGE();
        }
        throw e;
      }
    }
  }
  return LedgerUploadInterceptor;
};

@ApiTags('ledgers')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: LedgerImportsService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      ...LEDGER_UPLOAD.schema,
      required: ['kind', 'file'],
      properties: { kind: { type: 'string', enum: [...LEDGER_KINDS] }, ...LEDGER_UPLOAD.schema.properties },
    },
  })
  @UseInterceptors(uploadInterceptor())
  @ApiOperation({
    summary:
      'Upload a ledger (台账): answers a preview (created/updated/unchanged/rejected, reasons per row); writes nothing to the registry',
  })
  @ApiCreatedResponse({ type: ImportPreview })
  upload(@Body() dto: UploadLedgerDto, @UploadedFile() file: Upload | undefined, @CurrentActor() actor: Actor) {
    return this.imports.preview(dto.kind, file, actor);
  }

  @Get()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Imports, newest first' })
  @ApiOkResponse({ type: ImportPage })
  list(@Query() q: ImportListQuery) {
    return this.imports.list(q);
  }

  @Get('templates/:kind')
  @ConsolePages()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'The .xlsx template of a kind: headers, an example row and a 说明 sheet' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse(XLSX_FILE)
  async template(@Param('kind') kind: string) {
    if (!(LEDGER_KINDS as readonly string[]).includes(kind)) throw LedgerErrors.KIND();
    return xlsx(await this.imports.template(kind as LedgerKind));
  }

  @Get(':id')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'An import: its preview counts, status and progress (rows done / total, errors so far)' })
  @ApiOkResponse({ type: ImportListItem })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.imports.get(id);
  }

  @Get(':id/rows')
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary:
      'The preview table: rows as uploaded with what happens to each and why (?action=reject for the refused ones)',
  })
  @ApiOkResponse({ type: ImportRowPage })
  rows(@Param('id', ParseIntPipe) id: number, @Query() q: ImportRowsQuery) {
    return this.imports.rows(id, q);
  }

  @Post(':id/confirm')
  @HttpCode(202)
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary:
      'Confirm a preview: the import runs in the background (ledgerImport workflow); 409 if expired (24 h) or already confirmed',
  })
  @ApiAcceptedResponse({ type: ImportListItem, description: 'the import, now running' })
  confirm(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.imports.confirm(id, actor);
  }

  @Get(':id/errors.xlsx')
  @ConsolePages()
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary: 'The rejected rows as uploaded, with a column 错误原因 (fix and upload just this file again)',
  })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse(XLSX_FILE)
  async errors(@Param('id', ParseIntPipe) id: number) {
    return xlsx(await this.imports.errorsWorkbook(id));
  }
}

@ApiTags('ledgers')
@ApiBearerAuth()
@Controller('reconciliations')
export class ReconciliationsController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      ...LEDGER_UPLOAD.schema,
      required: ['township', 'file'],
      properties: { township: { type: 'string' }, ...LEDGER_UPLOAD.schema.properties },
    },
  })
  @UseInterceptors(uploadInterceptor())
  @ApiOperation({
    summary:
      '卡表册人相符: compare a township ledger with the registry (nothing imported): not in system, not in ledger, differing fields',
  })
  @ApiCreatedResponse({ type: ReconciliationView })
  create(@Body() dto: ReconcileDto, @UploadedFile() file: Upload | undefined, @CurrentActor() actor: Actor) {
    return this.reconciliation.reconcile(dto.township, file, actor);
  }

  @Get(':id.xlsx')
  @ConsolePages()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'The reconciliation as .xlsx, one sheet per group' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse(XLSX_FILE)
  async workbook(@Param('id', ParseIntPipe) id: number) {
    return xlsx(await this.reconciliation.workbook(id));
  }

  @Get(':id')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'A reconciliation as JSON (or ?format=xlsx / Accept: xlsx for the workbook)' })
  @ApiOkResponse({ type: ReconciliationView, description: 'JSON; with ?format=xlsx the workbook instead' })
  async get(@Param('id', ParseIntPipe) id: number, @Query() q: FormatQuery, @Headers('accept') accept?: string) {
    if (wantsXlsx(accept, q.format)) return xlsx(await this.reconciliation.workbook(id));
    return this.reconciliation.get(id);
  }
}
