import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { shanghaiToday } from '../common/dates.js';
import { MetricsService } from '../health/metrics.service.js';

export interface OverdueFigures {
  labour_export_contracts_overdue: number;
  labour_export_cases_past_deadline: number;
  labour_export_claims_past_finance_sla: number;
  labour_export_contact_requests_overdue: number;
}

const HELP: Record<keyof OverdueFigures, string> = {
  labour_export_contracts_overdue:
    'Placements (not ended) past their written-contract deadline with no contract recorded (劳动合同逾期未签)',
  labour_export_cases_past_deadline:
    'Open rights cases whose current statutory deadline has passed (维权案件已超期: acknowledgement, mediation, inspection, arbitration)',
  labour_export_claims_past_finance_sla:
    "Subsidy claims still awaiting finance's decision after the finance deadline (补贴申请超过审批时限)",
  labour_export_contact_requests_overdue:
    'Open contact-card requests past their answer deadline, 7 days after receipt by default (联系卡求助超期未答复)',
};

/**
 * What an office head asks "how many are late right now", as Prometheus gauges: each counts from
 * the records' own deadlines against today (Asia/Shanghai), as the console's badges do, so a
 * figure is right even before a process has flagged the record. One round trip, on indexed columns.
 */
@Injectable()
export class OverdueFiguresService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.addOfficeFigures(HELP, () => this.current());
  }

  async current(): Promise<OverdueFigures> {
    const [row] = await this.db.query(
      `SELECT
         (SELECT count(*)::int FROM placements p
           WHERE p.status <> 'ended' AND p.deadline < $1
             AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c."placementId" = p.id)) AS labour_export_contracts_overdue,
         (SELECT count(*)::int FROM cases c
           WHERE c.status <> 'closed' AND c."nextDeadline" < $1) AS labour_export_cases_past_deadline,
         (SELECT count(*)::int FROM claims c
           WHERE c.status = 'awaiting_approval' AND c."decisionDueAt" < now()) AS labour_export_claims_past_finance_sla,
         (SELECT count(*)::int FROM contact_requests r
           WHERE r.status = 'open' AND r."dueOn" < $1) AS labour_export_contact_requests_overdue`,
      [shanghaiToday()],
    );
    return row as OverdueFigures;
  }
}
