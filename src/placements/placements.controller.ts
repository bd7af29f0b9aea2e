import { ConsolePages } from '../auth/console-session.js';
import {
  Body,
  Controller,
  Get,
  Headers,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../common/roles.decorator.js';
import { EndPlacementDto, PlacementListQuery, RecordContractDto, RegisterPlacementDto } from './placements.dto.js';
import { PlacementsService } from './placements.service.js';
import { MAX_UPLOAD_BYTES } from '../common/upload.js';
import { wantsXlsx, xlsxFile } from '../common/xlsx-export.js';
import { PLACEMENT_EXPORT } from './placement-export.js';
import { PlacementDetail, PlacementPage, PlacementView } from './placements.responses.js';

@ApiTags('placements')
@ApiBearerAuth()
@Controller('placements')
export class PlacementsController {
  constructor(private readonly placements: PlacementsService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Register a placement (输出/就业登记) and start its 15-day contract-deadline process' })
  @ApiCreatedResponse({ type: PlacementView })
  register(@Body() dto: RegisterPlacementDto, @CurrentActor() actor: Actor) {
    return this.placements.register(dto, actor);
  }

  @Get()
  @ConsolePages()
  @Roles('admin', 'caseworker', 'finance', 'broker')
  @ApiOperation({ summary: 'List placements by status, township, employer, broker (a broker sees only their own)' })
  @ApiOkResponse({ type: PlacementPage, description: 'JSON; with ?format=xlsx the spreadsheet instead' })
  list(@Query() q: PlacementListQuery, @CurrentActor() actor: Actor, @Headers('accept') accept?: string) {
    if (wantsXlsx(accept, q.format))
      return xlsxFile('输出登记.xlsx', '输出登记', PLACEMENT_EXPORT, this.placements.exportRows(q, actor));
    return this.placements.list(q, actor);
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'finance', 'broker')
  @ApiOperation({
    summary:
      'A placement, its contract, the live process state (deadline, days left, next reminder), documents and case',
  })
  @ApiOkResponse({ type: PlacementDetail })
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.placements.get(id, actor);
  }

  @Post(':id/contract')
  @Roles('admin', 'caseworker')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['signedOn', 'file'],
      properties: {
        signedOn: { type: 'string', example: '2026-11-20' },
        termMonths: { type: 'integer', example: 24, description: 'omit when openEnded' },
        openEnded: { type: 'boolean', description: '无固定期限' },
        file: {
          type: 'string',
          format: 'binary',
          description: 'scan of the signed contract: PDF, JPEG or PNG, at most 10 MB',
        },
      },
    },
  })
  // The interceptor's own limit is a little above ours so requireScan can answer with its clear 413.
  @UseInterceptors(
    FileInterceptor('file', {
      defParamCharset: 'utf8',
      limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 10 },
    }),
  )
  @ApiOperation({
    summary: 'Record the signed contract (date, term or open-ended, scan as PDF/JPEG/PNG ≤ 10 MB); ends the wait',
  })
  @ApiCreatedResponse({ type: PlacementDetail })
  recordContract(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: RecordContractDto,
    @UploadedFile() file: { buffer: Buffer; size: number; originalname: string } | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.placements.recordContract(id, dto, file, actor);
  }

  @Get(':id/contract/file')
  @ConsolePages()
  // Finance opens the scan from the claim it approves; the county's row rules still decide reach.
  @Roles('admin', 'caseworker', 'finance')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'the signed contract as scanned', schema: { type: 'string', format: 'binary' } })
  async contractFile(
    @Param('id', ParseIntPipe) id: number,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    const f = await this.placements.contractFile(id, actor);
    res.setHeader('Content-Type', f.mime);
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    res.end(f.buffer);
  }

  @Post(':id/end')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'The employment ended (date and reason); stops the contract process cleanly' })
  @ApiCreatedResponse({ type: PlacementDetail })
  end(@Param('id', ParseIntPipe) id: number, @Body() dto: EndPlacementDto, @CurrentActor() actor: Actor) {
    return this.placements.end(id, dto, actor);
  }
}
