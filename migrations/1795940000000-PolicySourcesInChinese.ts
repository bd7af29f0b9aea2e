import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policy values the system was set up with carried their source in English; staff read it on
 * the policies page and in the API. Only the seeded rows whose text is still the seeded one change,
 * so a source an admin wrote stays as written. The texts are frozen here, not read from the code.
 */
const SEEDED_SOURCES: [key: string, english: string, chinese: string][] = [
  [
    'contract.deadline_days',
    'Seed 000: written contract within 15 days of the labour relationship',
    '种子材料000：建立劳动关系之日起15日内签订书面劳动合同',
  ],
  [
    'contract.reminder_days_before',
    'Bureau practice: remind before the 15-day deadline',
    '本局做法：15日期限届满前提醒',
  ],
  [
    'contract.rectify_days',
    'Bureau practice: time allowed by the rectification notice',
    '本局做法：限期签订劳动合同通知书给予的期限',
  ],
  [
    'referral.amount_fen',
    'Seed 000: 80 yuan per laid-off worker referred into a 1-year+ contract',
    '种子材料000：介绍下岗失业人员签订一年以上劳动合同，每人补贴80元',
  ],
  [
    'referral.min_contract_months',
    'Seed 000: labour contract of one year or more',
    '种子材料000：劳动合同期限一年以上',
  ],
  [
    'referral.repeat_window_months',
    'Bureau rule: one referral payout per worker in 12 months',
    '本局规定：同一人员12个月内只补贴一次',
  ],
  [
    'referral.retention_days',
    'Bureau rule: optional retention check after signing (0 = none)',
    '本局规定：签约后可选的在岗核查（0为不核查）',
  ],
  [
    'training.placement_window_months',
    'Seeds 000-002: placement after training; bureau window 6 months',
    '种子材料000—002：培训后实现就业；本局期限6个月',
  ],
  [
    'training.attendance_threshold_percent',
    'Bureau rule: attendance needed to complete a course',
    '本局规定：结业所需出勤率',
  ],
  [
    'claims.second_approval_threshold_fen',
    'Finance rule: a second approval above 1,000 yuan',
    '财务规定：1000元以上须二次审批',
  ],
  [
    'claims.decision_sla_working_days',
    'Finance rule: decide a claim within 10 working days',
    '财务规定：10个工作日内作出决定',
  ],
  [
    'case.acknowledge_working_days',
    'Seeds 001/003: every complaint answered; acknowledge within 1 working day',
    '种子材料001/003：件件有回音；1个工作日内受理回复',
  ],
  ['case.mediation_days', 'Labour Dispute Mediation and Arbitration Law art. 14', '《劳动争议调解仲裁法》第十四条'],
  [
    'case.inspection_accept_working_days',
    'Regulations on Labour Security Inspection (acceptance within 5 working days)',
    '《劳动保障监察条例》（5个工作日内决定是否受理）',
  ],
  [
    'case.inspection_investigate_working_days',
    'Regulations on Labour Security Inspection art. 17',
    '《劳动保障监察条例》第十七条',
  ],
  [
    'case.inspection_extension_working_days',
    'Regulations on Labour Security Inspection art. 17',
    '《劳动保障监察条例》第十七条',
  ],
  [
    'case.arbitration_accept_days',
    'Labour Dispute Mediation and Arbitration Law art. 29',
    '《劳动争议调解仲裁法》第二十九条',
  ],
  [
    'case.arbitration_award_days',
    'Labour Dispute Mediation and Arbitration Law art. 43',
    '《劳动争议调解仲裁法》第四十三条',
  ],
  [
    'case.arbitration_extension_days',
    'Labour Dispute Mediation and Arbitration Law art. 43',
    '《劳动争议调解仲裁法》第四十三条',
  ],
  [
    'case.limitation_days',
    'Labour Dispute Mediation and Arbitration Law art. 27 (one year)',
    '《劳动争议调解仲裁法》第二十七条（一年）',
  ],
  ['household.visit_interval_days', 'Seed 002: regular return visits (monthly)', '种子材料002：定期回访（每月）'],
  [
    'household.request_answer_days',
    'Seed 002: contact-card requests answered within one week',
    '种子材料002：联系卡求助一周内答复',
  ],
  ['household.working_age_min_years', 'Labour Law art. 15: minimum working age', '《劳动法》第十五条：最低就业年龄'],
  [
    'household.working_age_max_years',
    'Bureau practice: upper working age for the survey',
    '本局做法：摸底调查的劳动年龄上限',
  ],
  [
    'household.working_age_max_years_female',
    'Bureau practice (零就业家庭认定): women of working age 16–55',
    '本局做法（零就业家庭认定）：女性劳动年龄16—55岁',
  ],
  [
    'household.request_reminder_days_before',
    'Seed 002: one-week answer; the assignee is reminded on day 5',
    '种子材料002：一周内答复；第5天提醒经办人',
  ],
  [
    'household.visit_reminder_days_before',
    'Seed 002: return visits; the caseworker is reminded before each',
    '种子材料002：定期回访；回访前提醒经办人',
  ],
];

export class PolicySourcesInChinese1795940000000 implements MigrationInterface {
  name = 'PolicySourcesInChinese1795940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [key, english, chinese] of SEEDED_SOURCES) {
      await queryRunner.query(
        `UPDATE "policy_values" SET "source" = $3 WHERE "key" = $1 AND "source" = $2 AND "createdBy" = 'system:seed'`,
        [key, english, chinese],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [key, english, chinese] of SEEDED_SOURCES) {
      await queryRunner.query(
        `UPDATE "policy_values" SET "source" = $2 WHERE "key" = $1 AND "source" = $3 AND "createdBy" = 'system:seed'`,
        [key, english, chinese],
      );
    }
  }
}
