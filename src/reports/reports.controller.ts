import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { currentMonth } from './month.js';
import { MonthlyFiguresService } from './monthly-figures.service.js';
import { MonthlyReportService } from './monthly-report.service.js';
import { IssueReportDto, IssueReportQuery, MonthlyFiguresQuery } from './reports.dto.js';

import { DocumentSummaryView } from '../documents/documents.responses.js';
import { IssuedReport, MonthlyFiguresView } from './reports.responses.js';

/** The overview figures and the monthly progress report: admin and caseworkers only. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly figures: MonthlyFiguresService,
    private readonly reports: MonthlyReportService,
  ) {}

  @Get('monthly')
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary:
      "A month's figures (placements organised/total against the township targets, trained and placed after training, contracts within the deadline, claims approved and paid in fen, cases opened/closed), per township and a 12-month series",
  })
  @ApiOkResponse({ type: MonthlyFiguresView })
  monthly(@Query() q: MonthlyFiguresQuery) {
    return this.figures.figures(q.month ?? currentMonth(), q.township);
  }

  @Post('monthly/:month/document')
  // The city issues its own progress report, over its counties.
  @CityWide()
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary:
      'Issue the 劳务输出进展情况汇报 of the month as a numbered document: 201 when issued, 200 with the existing one when the month has one (unless ?reissue=true)',
  })
  @ApiCreatedResponse({ type: IssuedReport, description: 'issued now' })
  @ApiOkResponse({ type: IssuedReport, description: 'the month already had one' })
  async issue(
    @Param('month') month: string,
    @Query() q: IssueReportQuery,
    @Body() dto: IssueReportDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { document, created } = await this.reports.issue(month, { ...dto, reissue: q.reissue === 'true' });
    res.status(created ? 201 : 200);
    return { ...document, created, html: `/documents/${document.id}`, pdf: `/documents/${document.id}.pdf` };
  }

  @Get('monthly/:month/documents')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'The progress reports issued for the month, oldest first' })
  @ApiOkResponse({ type: DocumentSummaryView, isArray: true })
  documents(@Param('month') month: string) {
    return this.reports.list(month);
  }
}
