/**
 * Every policy value the processes use, with its unit, its default and where it comes from (in
 * the words staff read on the policies page).
 * The migration seeds these defaults effective from 2000-01-01; admin adds later values.
 */
export const POLICY_KEYS = {
  'contract.deadline_days': {
    unit: 'days',
    default: 15,
    source: '种子材料000：建立劳动关系之日起15日内签订书面劳动合同',
  },
  'contract.reminder_days_before': {
    unit: 'days',
    default: 3,
    source: '本局做法：15日期限届满前提醒',
  },
  'contract.rectify_days': {
    unit: 'days',
    default: 10,
    source: '本局做法：限期签订劳动合同通知书给予的期限',
  },
  'referral.amount_fen': {
    unit: 'fen',
    default: 8000,
    source: '种子材料000：介绍下岗失业人员签订一年以上劳动合同，每人补贴80元',
  },
  'referral.min_contract_months': {
    unit: 'months',
    default: 12,
    source: '种子材料000：劳动合同期限一年以上',
  },
  'referral.repeat_window_months': {
    unit: 'months',
    default: 12,
    source: '本局规定：同一人员12个月内只补贴一次',
  },
  'referral.retention_days': {
    unit: 'days',
    default: 0,
    source: '本局规定：签约后可选的在岗核查（0为不核查）',
  },
  'training.placement_window_months': {
    unit: 'months',
    default: 6,
    source: '种子材料000—002：培训后实现就业；本局期限6个月',
  },
  'training.attendance_threshold_percent': {
    unit: 'percent',
    default: 80,
    source: '本局规定：结业所需出勤率',
  },
  'training.class_start_report_working_days': {
    unit: 'working_days',
    default: 5,
    source: '补贴性培训须在开班前至少5个工作日报送开班报告',
  },
  'claims.second_approval_threshold_fen': {
    unit: 'fen',
    default: 100000,
    source: '财务规定：1000元以上须二次审批',
  },
  'claims.decision_sla_working_days': {
    unit: 'working_days',
    default: 10,
    source: '财务规定：10个工作日内作出决定',
  },
  'payouts.bank_answer_reminder_days': {
    unit: 'days',
    default: 7,
    source: '财务做法：代发文件送出7天未收到银行回盘，提醒财务催办',
  },
  'payouts.notice_working_days': {
    unit: 'working_days',
    default: 5,
    source: '补贴资金发放前公示，公示期5个工作日',
  },
  'case.acknowledge_working_days': {
    unit: 'working_days',
    default: 1,
    source: '种子材料001/003：件件有回音；1个工作日内受理回复',
  },
  'case.mediation_days': { unit: 'days', default: 15, source: '《劳动争议调解仲裁法》第十四条' },
  'case.inspection_accept_working_days': {
    unit: 'working_days',
    default: 5,
    source: '《劳动保障监察条例》（5个工作日内决定是否受理）',
  },
  'case.inspection_investigate_working_days': {
    unit: 'working_days',
    default: 60,
    source: '《劳动保障监察条例》第十七条',
  },
  'case.inspection_extension_working_days': {
    unit: 'working_days',
    default: 30,
    source: '《劳动保障监察条例》第十七条',
  },
  'case.arbitration_accept_days': {
    unit: 'days',
    default: 5,
    source: '《劳动争议调解仲裁法》第二十九条',
  },
  'case.arbitration_award_days': {
    unit: 'days',
    default: 45,
    source: '《劳动争议调解仲裁法》第四十三条',
  },
  'case.arbitration_extension_days': {
    unit: 'days',
    default: 15,
    source: '《劳动争议调解仲裁法》第四十三条',
  },
  'case.limitation_days': {
    unit: 'days',
    default: 365,
    source: '《劳动争议调解仲裁法》第二十七条（一年）',
  },
  'household.visit_interval_days': { unit: 'days', default: 30, source: '种子材料002：定期回访（每月）' },
  'household.request_answer_days': {
    unit: 'days',
    default: 7,
    source: '种子材料002：联系卡求助一周内答复',
  },
  'household.working_age_min_years': { unit: 'years', default: 16, source: '《劳动法》第十五条：最低就业年龄' },
  'household.working_age_max_years': {
    unit: 'years',
    default: 60,
    source: '本局做法：摸底调查的劳动年龄上限',
  },
  'household.working_age_max_years_female': {
    unit: 'years',
    default: 55,
    source: '本局做法（零就业家庭认定）：女性劳动年龄16—55岁',
  },
  'household.request_reminder_days_before': {
    unit: 'days',
    default: 2,
    source: '种子材料002：一周内答复；第5天提醒经办人',
  },
  'household.visit_reminder_days_before': {
    unit: 'days',
    default: 3,
    source: '种子材料002：定期回访；回访前提醒经办人',
  },
  'jobs.staffing_check_days_before': {
    unit: 'days',
    default: 7,
    source: '本局做法：用工开始前7天核对人员是否到位',
  },
  'jobs.staffing_min_percent': {
    unit: 'percent',
    default: 100,
    source: '本局做法：已落实人数（已上岗与达成用工意向）低于招用人数的该比例时督办',
  },
  'jobs.seeker_valid_days': {
    unit: 'days',
    default: 90,
    source: '本局做法：求职登记有效期90天，期满未续登即失效',
  },
  'followup.first_checkin_days': {
    unit: 'days',
    default: 7,
    source: '种子材料000/001/003：上岗后跟踪服务；本局做法：一周后首次回访',
  },
  'followup.second_checkin_days': { unit: 'days', default: 30, source: '本局做法：上岗一个月后回访' },
  'followup.third_checkin_days': { unit: 'days', default: 90, source: '本局做法：上岗三个月后回访' },
  'followup.interval_days': { unit: 'days', default: 91, source: '本局做法：此后在岗期间每季度回访一次' },
  'followup.escalate_after_days': {
    unit: 'days',
    default: 7,
    source: '本局做法：回访到期后7天仍未回访，报科室负责人督办',
  },
  'batches.departure_reminder_days_before': {
    unit: 'days',
    default: 2,
    source: '种子材料000/001：有组织输出；本局做法：出发前2天提醒核对名册、通知人员',
  },
  'batches.arrival_confirm_days': {
    unit: 'days',
    default: 3,
    source: '本局做法：出发后3天内由带队人确认到达，逾期督办',
  },
} as const;

export type PolicyKey = keyof typeof POLICY_KEYS;
export type PolicySnapshot = Record<PolicyKey, number> & { asOf: string };
export const POLICY_KEY_NAMES = Object.keys(POLICY_KEYS) as PolicyKey[];

/** Each key as the admin's page names it. */
export const POLICY_KEY_NAME_TEXT: Record<PolicyKey, string> = {
  'contract.deadline_days': '签订书面劳动合同期限',
  'contract.reminder_days_before': '签订合同提前提醒',
  'contract.rectify_days': '限期签订合同整改期限',
  'referral.amount_fen': '职业介绍补贴标准',
  'referral.min_contract_months': '职业介绍补贴所需合同期限',
  'referral.repeat_window_months': '同一人员职业介绍补贴间隔',
  'referral.retention_days': '签约后在岗核查天数',
  'training.placement_window_months': '培训后就业期限',
  'training.attendance_threshold_percent': '结业出勤率要求',
  'training.class_start_report_working_days': '开班报告提前报送工作日',
  'claims.second_approval_threshold_fen': '需二次审批的金额',
  'claims.decision_sla_working_days': '补贴申请审批时限',
  'payouts.bank_answer_reminder_days': '银行回盘催办天数',
  'payouts.notice_working_days': '补贴发放公示期',
  'case.acknowledge_working_days': '投诉受理回复时限',
  'case.mediation_days': '调解期限',
  'case.inspection_accept_working_days': '劳动保障监察受理时限',
  'case.inspection_investigate_working_days': '劳动保障监察调查期限',
  'case.inspection_extension_working_days': '劳动保障监察延长期限',
  'case.arbitration_accept_days': '仲裁受理期限',
  'case.arbitration_award_days': '仲裁裁决期限',
  'case.arbitration_extension_days': '仲裁延长期限',
  'case.limitation_days': '仲裁时效',
  'household.visit_interval_days': '零就业家庭回访间隔',
  'household.request_answer_days': '联系卡求助答复期限',
  'household.working_age_min_years': '劳动年龄下限',
  'household.working_age_max_years': '劳动年龄上限（男）',
  'household.working_age_max_years_female': '劳动年龄上限（女）',
  'household.request_reminder_days_before': '求助答复提前提醒',
  'household.visit_reminder_days_before': '回访提前提醒',
  'jobs.staffing_check_days_before': '用工开始前核对人员天数',
  'jobs.staffing_min_percent': '人员到位比例要求',
  'jobs.seeker_valid_days': '求职登记有效期',
  'followup.first_checkin_days': '上岗后首次回访',
  'followup.second_checkin_days': '上岗后第二次回访',
  'followup.third_checkin_days': '上岗后第三次回访',
  'followup.interval_days': '此后回访间隔',
  'followup.escalate_after_days': '回访超期督办',
  'batches.departure_reminder_days_before': '输出批次出发前提醒',
  'batches.arrival_confirm_days': '出发后确认到达期限',
};

/** Each unit as a value is written on the page (money in yuan). */
export const POLICY_UNIT_TEXT: Record<(typeof POLICY_KEYS)[PolicyKey]['unit'], string> = {
  days: '天',
  working_days: '个工作日',
  months: '个月',
  fen: '元',
  percent: '%',
  years: '岁',
};
