import {
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Header,
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
import type { Observable } from 'rxjs';
import { ConsolePages } from '../auth/console-session.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { Public, Roles } from '../common/roles.decorator.js';
import { LedgerErrors } from '../ledgers/ledgers.errors.js';
import { MAX_LEDGER_BYTES } from '../ledgers/sheet-reader.js';
import {
  BatchListQuery,
  CancelBatchDto,
  CreateBatchDto,
  CreateFundingLineDto,
  FundingLineQuery,
  ObjectionDto,
  PaymentFailureQuery,
  ResolveObjectionDto,
} from './payouts.dto.js';
import {
  BatchDetail,
  BatchPage,
  BatchProcessView,
  CorrectedClaimView,
  FundingLineList,
  FundingLineView,
  ObjectionView,
  PaymentFailurePage,
  ResolvedObjectionView,
  ReturnOutcomeView,
} from './payouts.responses.js';
import { PayoutsService } from './payouts.service.js';

type Upload = { buffer: Buffer; size: number; originalname: string };

/** Multer's own limit answers a bare "File too large": say it in words the office understands. */
const returnUpload = () => {
  const Multer = FileInterceptor('file', {
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_LEDGER_BYTES, files: 1, fields: 2 },
  });
  @Injectable()
  class ReturnUploadInterceptor implements NestInterceptor {
    private readonly multer = new (Multer as unknown as new () => NestInterceptor)();
    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      try {
        return await this.multer.intercept(ctx, next);
      } catch (e) {
        if (e instanceof PayloadTooLargeException) throw LedgerErrors.FILE_TOO_LARGE();
        throw e;
      }
    }
  }
  return ReturnUploadInterceptor;
};

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('funding-lines')
export class FundingLinesController {
  constructor(private readonly payouts: PayoutsService) {}

  @Get()
  @Roles('finance', 'admin')
  @ApiOperation({ summary: "The county's funding lines (就业补助资金) with budget, used and remaining per year" })
  @ApiOkResponse({ type: FundingLineList })
  list(@Query() q: FundingLineQuery) {
    return this.payouts.fundingLines(q.year);
  }

  @Post()
  @Roles('finance')
  @ApiOperation({ summary: 'Add a funding line for a year with its budget (fen)' })
  @ApiCreatedResponse({ type: FundingLineView })
  create(@Body() dto: CreateFundingLineDto, @CurrentActor() actor: Actor) {
    return this.payouts.createFundingLine(dto, actor);
  }
}

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('payout-batches')
export class PayoutBatchesController {
  constructor(private readonly payouts: PayoutsService) {}

  @Get()
  @ConsolePages()
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'Payout batches (代发批次), newest first' })
  @ApiOkResponse({ type: BatchPage })
  list(@Query() q: BatchListQuery) {
    return this.payouts.list(q);
  }

  @Post()
  @Roles('finance')
  @ApiOperation({
    summary:
      'Build a batch from approved claims (those named, or all not yet in a batch); refused with the figures when it would exceed the funding line’s remaining budget',
  })
  @ApiCreatedResponse({ type: BatchDetail })
  create(@Body() dto: CreateBatchDto, @CurrentActor() actor: Actor) {
    return this.payouts.createBatch(dto, actor);
  }

  @Get(':id')
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'A batch: its lines, totals by kind and township, funding line, bank file and returns' })
  @ApiOkResponse({ type: BatchDetail })
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.payouts.get(id, actor);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Approve the batch (a finance user other than its maker); the bank file is then issued' })
  @ApiOkResponse({ type: BatchProcessView })
  approve(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.payouts.approve(id, actor);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Cancel a batch not yet approved, with a reason; its claims wait for another batch' })
  @ApiOkResponse({ type: BatchProcessView })
  cancel(@Param('id', ParseIntPipe) id: number, @Body() dto: CancelBatchDto, @CurrentActor() actor: Actor) {
    return this.payouts.cancel(id, dto.reason, actor);
  }

  @Get(':id/file')
  @Roles('finance')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOperation({ summary: 'The bank file (代发文件) as issued, with whole account numbers' })
  @ApiOkResponse({ description: 'the bank file (.xlsx or .csv)', schema: { type: 'string', format: 'binary' } })
  file(@Param('id', ParseIntPipe) id: number): Promise<StreamableFile> {
    return this.payouts.file(id);
  }

  @Post(':id/returns')
  @HttpCode(200)
  @Roles('finance')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description:
            "the bank's return file (.xlsx or .csv): 业务参考号, 处理结果 (成功/失败), 失败原因, 处理日期, 金额（元）",
        },
      },
    },
  })
  @UseInterceptors(returnUpload())
  @ApiOperation({
    summary:
      "Upload the bank's return file: paid lines pay their claims, failed ones fail them (reversals too); unknown references and amount mismatches are listed and change nothing",
  })
  @ApiOkResponse({ type: ReturnOutcomeView })
  upload(
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: Upload | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.payouts.uploadReturn(id, file, actor);
  }

  @Post(':id/objections')
  @Roles('caseworker', 'finance', 'admin')
  @ApiOperation({
    summary:
      'Record an objection to a line during the notice (公示); its claim is held back from payment until a caseworker resolves it',
  })
  @ApiCreatedResponse({ type: ObjectionView })
  object(@Param('id', ParseIntPipe) id: number, @Body() dto: ObjectionDto, @CurrentActor() actor: Actor) {
    return this.payouts.object(id, dto, actor);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Close a reconciled batch' })
  @ApiOkResponse({ type: BatchProcessView })
  close(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.payouts.close(id, actor);
  }
}

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('payment-failures')
export class PaymentFailuresController {
  constructor(private readonly payouts: PayoutsService) {}

  @Get()
  @Roles('finance', 'caseworker', 'admin')
  @ApiOperation({ summary: 'Claims whose payment failed (or was reversed), waiting for the account to be corrected' })
  @ApiOkResponse({ type: PaymentFailurePage })
  list(@Query() q: PaymentFailureQuery) {
    return this.payouts.failures(q);
  }

  @Post(':claimId/corrected')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      "The payee's account was corrected in their record: the claim is approved again against it, for a later batch under a new reference",
  })
  @ApiOkResponse({ type: CorrectedClaimView })
  corrected(@Param('claimId', ParseIntPipe) claimId: number, @CurrentActor() actor: Actor) {
    return this.payouts.corrected(claimId, actor);
  }
}

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('payout-objections')
export class PayoutObjectionsController {
  constructor(private readonly payouts: PayoutsService) {}

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('caseworker', 'admin')
  @ApiOperation({
    summary:
      'Resolve an objection: upheld → the claim is rejected; dismissed → it goes ahead (this batch or a later one)',
  })
  @ApiOkResponse({ type: ResolvedObjectionView })
  resolve(@Param('id', ParseIntPipe) id: number, @Body() dto: ResolveObjectionDto, @CurrentActor() actor: Actor) {
    return this.payouts.resolveObjection(id, dto, actor);
  }
}

/** The public notice (公示) of a batch, for anyone: no login, names and IDs masked. */
@ApiTags('payouts')
@Controller('public/payout-notices')
export class PublicNoticeController {
  constructor(private readonly payouts: PayoutsService) {}

  @Get(':id')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({ summary: "A payout batch's public notice (公示): masked names and IDs, item, amount, period" })
  @ApiOkResponse({ description: 'HTML', schema: { type: 'string' } })
  notice(@Param('id', ParseIntPipe) id: number): Promise<string> {
    return this.payouts.publicNotice(id);
  }
}
