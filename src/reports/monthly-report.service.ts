import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { currentReach } from '../common/request-context.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { DocumentSummary } from '../documents/documents.service.js';
import { MonthlyFiguresService } from './monthly-figures.service.js';
import type { MonthlyFigures } from './monthly-figures.service.js';
import { parseMonth } from './month.js';
import { monthLabel } from './charts.js';

export const REPORT_DOCUMENT_TYPE = 'monthly_progress_report';
/** Documents of a month are filed under subjectType monthly_report, subjectId YYYYMM (202611). */
export const REPORT_SUBJECT_TYPE = 'monthly_report';
export const reportSubjectId = (month: string) => Number(month.replace('-', ''));

const NUMERALS = '一二三四五六七八九十';
const pct = (r: number | null) => (r === null ? '—' : `${r.toFixed(1)}%`);

export interface ReportOutlook {
  /** 存在的问题: a paragraph, optional. */
  problems?: string;
  /** 下步打算: numbered paragraphs, optional. */
  nextSteps?: string[];
}

/** The template data of 劳务输出进展情况汇报 for a month's figures (also what the document stores as its data). */
export function reportData(f: MonthlyFigures, outlook: ReportOutlook = {}): Record<string, unknown> {
  const m = Number(f.month.slice(5, 7));
  const nextSteps = (outlook.nextSteps ?? []).map((text, i) => ({ n: NUMERALS[i] ?? String(i + 1), text }));
  const problems = outlook.problems ?? null;
  // A city's report (over its counties) speaks of 全市 and lists its counties beside the total.
  const city = f.counties != null;
  // Figures issued before 就业服务 existed (and the template's sample) have no jobs.
  const jobs = (f as { jobs?: MonthlyFigures['jobs'] }).jobs;
  return {
    period: {
      month: f.month,
      year: Number(f.month.slice(0, 4)),
      monthLabel: `${m}月份`,
      ytdLabel: m === 1 ? '1月份' : `1—${m}月份`,
      from: f.period.from,
      to: f.period.to,
      asOf: f.asOf,
      partial: f.partial,
    },
    f,
    text: {
      area: city ? '全市' : '全县',
      leadership: city ? '市委、市政府' : '县委、县政府',
      completionRate: pct(f.placements.completionRate),
      yearElapsed: pct(f.placements.yearElapsedRate),
      organisedShare: pct(
        f.placements.yearToDate.total
          ? Math.round((f.placements.yearToDate.organised / f.placements.yearToDate.total) * 1000) / 10
          : null,
      ),
      trainingPlacementRate: pct(f.training.yearToDate.placementRate),
      trainingPlacementRateMonth: pct(f.training.month.placementRate),
      contractRateMonth: pct(f.contracts.month.inTimeRate),
      contractRateYtd: pct(f.contracts.yearToDate.inTimeRate),
      closureRateMonth: pct(f.cases.month.closureRate),
      closureRateYtd: pct(f.cases.yearToDate.closureRate),
      priorityShareYtd: pct(jobs?.yearToDate.priorityShare ?? null),
    },
    counties: city
      ? f.counties!.map((k) => ({
          name: k.county.name,
          target: k.placements.target,
          placementsMonth: k.placements.month.total,
          placementsYearToDate: k.placements.yearToDate.total,
          organisedYearToDate: k.placements.yearToDate.organised,
          rateText: pct(k.placements.completionRate),
          trainedYearToDate: k.training.yearToDate.trained,
          paidYearToDateFen: k.claims.yearToDate.paid.total.amountFen,
        }))
      : null,
    townships: f.townships.map((t) => ({ ...t, rateText: pct(t.completionRate) })),
    series: f.series.map((s) => ({ ...s, label: monthLabel(s.month) })),
    households: f.households,
    problems,
    nextSteps,
    hasOutlook: problems !== null || nextSteps.length > 0,
  };
}

/**
 * The monthly progress report (劳务输出进展情况汇报) as a numbered, immutable document.
 *
 * Issuing a month that already has a report returns that report (created: false), so a double
 * click or a retry never consumes a number. `reissue: true` issues a new report with the
 * figures as they are now (and a new 文号); the earlier ones stay as they were issued.
 */
@Injectable()
export class MonthlyReportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly figures: MonthlyFiguresService,
    private readonly documents: DocumentsService,
  ) {}

  async issue(
    month: string,
    opts: ReportOutlook & { reissue?: boolean } = {},
  ): Promise<{ document: DocumentSummary; created: boolean }> {
    const m = parseMonth(month);
    const subjectId = reportSubjectId(m.month);
    return this.db.transaction(async (tx) => {
      // Each county issues its own (a city its own, over its counties): its letterhead, series, figures.
      const { officeId } = await this.documents.issuer(REPORT_SUBJECT_TYPE, subjectId, tx);
      // One issuer per office and month at a time: two clicks, or two caseworkers, get one number.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`monthly-report:${officeId}:${m.month}`]);
      const [{ n }] = await tx.query(
        'SELECT count(*)::int AS n FROM documents WHERE type = $1 AND "subjectType" = $2 AND "subjectId" = $3 AND "countyId" = $4',
        [REPORT_DOCUMENT_TYPE, REPORT_SUBJECT_TYPE, subjectId, officeId],
      );
      if (n > 0 && !opts.reissue) {
        const existing = (await this.list(m.month)).at(-1)!;
        return { document: existing, created: false };
      }
      const f = await this.figures.figures(m.month);
      const document = await this.documents.render(
        {
          type: REPORT_DOCUMENT_TYPE,
          businessKey: `monthly-report-${officeId}-${m.month}-${n + 1}`,
          subjectType: REPORT_SUBJECT_TYPE,
          subjectId,
          data: reportData(f, opts),
        },
        tx,
      );
      return { document, created: true };
    });
  }

  /** Every report the user's county (a city user's city) issued for the month, oldest first. */
  async list(month: string): Promise<DocumentSummary[]> {
    const m = parseMonth(month);
    const reach = currentReach();
    const own = reach.county ?? reach.office;
    return (await this.documents.listFor(REPORT_SUBJECT_TYPE, reportSubjectId(m.month))).filter(
      (d) => d.type === REPORT_DOCUMENT_TYPE && (own === null || d.countyId === own),
    );
  }
}
