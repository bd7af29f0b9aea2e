import { ConsolePages } from '../auth/console-session.js';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
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
  ApiProduces,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../common/roles.decorator.js';
import { PeriodErrors } from '../common/common.errors.js';
import {
  AcceptDto,
  AssignDto,
  CaseListQuery,
  CaseSummaryQuery,
  CloseDto,
  EscalateDto,
  ExtendDto,
  InterruptLimitationDto,
  MediationDto,
  NoteDto,
  OpenCaseDto,
  PaymentDto,
  ReopenDto,
} from './cases.dto.js';
import { CasesService } from './cases.service.js';
import { HandoverDto } from '../offices/offices.dto.js';
import { HolderView } from '../offices/offices.responses.js';
import { OfficesService } from '../offices/offices.service.js';
import { keysetPages, wantsXlsx, xlsxFile } from '../common/xlsx-export.js';
import { CASE_EXPORT } from './case-export.js';
import {
  CaseAttachmentView,
  CaseDetail,
  CaseNoteView,
  CasePage,
  CaseProcessView,
  CaseSummary,
  CaseView,
} from './cases.responses.js';

/** Rights-protection cases: caseworkers and admin only (a broker may not see cases at all). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly offices: OfficesService,
  ) {}

  @Post(':id/handover')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary: '移交: hand the case to a township station of the county, or back to the county, with the reason',
  })
  @ApiOkResponse({ type: HolderView })
  handover(@Param('id', ParseIntPipe) id: number, @Body() dto: HandoverDto) {
    return this.offices.handover('case', id, dto);
  }

  @Post()
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Open a case (维权案件) and start its escalation process' })
  @ApiCreatedResponse({ type: CaseView })
  open(@Body() dto: OpenCaseDto, @CurrentActor() actor: Actor) {
    return this.cases.open({ ...dto, openedBy: actor.username });
  }

  @Get()
  @ConsolePages()
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Queues: ?queue=mine|unassigned|all, nearest deadline first, with deadline badges' })
  @ApiOkResponse({ type: CasePage, description: 'JSON; with ?format=xlsx the spreadsheet instead' })
  list(@Query() q: CaseListQuery, @CurrentActor() actor: Actor, @Headers('accept') accept?: string) {
    if (wantsXlsx(accept, q.format))
      return xlsxFile(
        '权益案件.xlsx',
        '权益案件',
        CASE_EXPORT,
        keysetPages(async (k) => (await this.cases.list(q, actor, k)).items),
      );
    return this.cases.list(q, actor);
  }

  @Get('summary')
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'Opened, closed, closure rate (target ≥ 90%), by kind and township, average days to close, breaches, money recovered',
  })
  @ApiOkResponse({ type: CaseSummary })
  summary(@Query() q: CaseSummaryQuery) {
    if (q.to < q.from) throw PeriodErrors.TO_BEFORE_FROM();
    return this.cases.summary(q);
  }

  @Get(':id')
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary: 'A case: workers, timeline, deadlines, limitation, notes, attachments, documents, live process state',
  })
  @ApiOkResponse({ type: CaseDetail })
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.cases.get(id, actor);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Assign or reassign to a caseworker' })
  @ApiOkResponse({ type: CaseView })
  assign(@Param('id', ParseIntPipe) id: number, @Body() dto: AssignDto, @CurrentActor() actor: Actor) {
    return this.cases.assign(id, dto.assigneeId, actor);
  }

  @Post(':id/notes')
  @Roles('caseworker', 'admin')
  @ApiCreatedResponse({ type: CaseNoteView })
  note(@Param('id', ParseIntPipe) id: number, @Body() dto: NoteDto, @CurrentActor() actor: Actor) {
    return this.cases.addNote(id, dto.text, dto.confidential ?? false, actor);
  }

  @Post(':id/attachments')
  @Roles('caseworker', 'admin')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 10 MB' } },
    },
  })
  @UseInterceptors(
    FileInterceptor('file', { defParamCharset: 'utf8', limits: { fileSize: 10 * 1024 * 1024 + 1, files: 1 } }),
  )
  @ApiCreatedResponse({ type: CaseAttachmentView })
  attach(
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: { buffer: Buffer; size: number; originalname: string } | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.cases.attach(id, file, actor);
  }

  @Get(':id/attachments/:attachmentId')
  @ConsolePages()
  @Roles('caseworker', 'admin')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'the file as uploaded', schema: { type: 'string', format: 'binary' } })
  async download(
    @Param('id', ParseIntPipe) id: number,
    @Param('attachmentId', ParseIntPipe) attachmentId: number,
    @Res() res: Response,
  ): Promise<void> {
    const a = await this.cases.attachment(id, attachmentId);
    res.setHeader('Content-Type', a.mime);
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.fileName)}`);
    res.end(a.bytes);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Acknowledge to the worker (受理通知书); mediation starts' })
  @ApiOkResponse({ type: CaseProcessView })
  acknowledge(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.cases.act(id, { type: 'acknowledge', by: actor.username });
  }

  @Post(':id/mediation')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Mediation outcome: settled (调解协议书, amount, pay-by date) or failed (reason)' })
  @ApiOkResponse({ type: CaseProcessView })
  mediation(@Param('id', ParseIntPipe) id: number, @Body() dto: MediationDto, @CurrentActor() actor: Actor) {
    return this.cases.act(id, { type: 'mediation', by: actor.username, ...dto });
  }

  @Post(':id/payment')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Follow-up of a settlement: paid (closes) or not (reopens; arbitration possible)' })
  @ApiOkResponse({ type: CaseProcessView })
  payment(@Param('id', ParseIntPipe) id: number, @Body() dto: PaymentDto, @CurrentActor() actor: Actor) {
    return this.cases.act(id, { type: 'payment', by: actor.username, paid: dto.paid });
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'To labour inspection (转办单) or arbitration (仲裁申请书 draft), on the date it was registered or received there',
  })
  @ApiOkResponse({ type: CaseProcessView })
  escalate(@Param('id', ParseIntPipe) id: number, @Body() dto: EscalateDto, @CurrentActor() actor: Actor) {
    return this.cases.act(id, {
      type: 'escalate',
      by: actor.username,
      to: dto.to,
      reason: dto.reason,
      escalatedOn: dto.escalatedOn,
    });
  }

  @Post(':id/limitation/interruptions')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'Record an interruption of the one-year limitation (时效中断: a claim to the employer, a request to the authorities, the employer’s admission): the year starts over from its date',
  })
  @ApiOkResponse({ type: CaseProcessView })
  interrupt(@Param('id', ParseIntPipe) id: number, @Body() dto: InterruptLimitationDto, @CurrentActor() actor: Actor) {
    return this.cases.act(id, { type: 'interrupt_limitation', by: actor.username, ...dto });
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Acceptance decision of inspection or arbitration' })
  @ApiOkResponse({ type: CaseProcessView })
  accept(@Param('id', ParseIntPipe) id: number, @Body() dto: AcceptDto, @CurrentActor() actor: Actor) {
    return this.cases.act(id, { type: 'accept', by: actor.username, accepted: dto.accepted, reason: dto.reason });
  }

  @Post(':id/extend')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'The one extension: inspection +30 working days, arbitration up to +15 days' })
  @ApiOkResponse({ type: CaseProcessView })
  extend(@Param('id', ParseIntPipe) id: number, @Body() dto: ExtendDto, @CurrentActor() actor: Actor) {
    return this.cases.act(id, { type: 'extend', by: actor.username, days: dto.days, reason: dto.reason });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Close with an outcome and a reason (and the amount recovered)' })
  @ApiOkResponse({ type: CaseProcessView })
  close(@Param('id', ParseIntPipe) id: number, @Body() dto: CloseDto, @CurrentActor() actor: Actor) {
    return this.cases.act(id, {
      type: 'close',
      by: actor.username,
      outcome: dto.outcome,
      reason: dto.reason,
      amountRecoveredFen: dto.amountRecoveredFen,
    });
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({ summary: 'Reopen a closed case, with the reason' })
  @ApiOkResponse({
    type: CaseProcessView,
    description: "the new run's state; empty while its start waits for Temporal",
  })
  reopen(@Param('id', ParseIntPipe) id: number, @Body() dto: ReopenDto, @CurrentActor() actor: Actor) {
    return this.cases.act(id, { type: 'reopen', by: actor.username, reason: dto.reason });
  }
}
