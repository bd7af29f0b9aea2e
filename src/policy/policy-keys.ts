/**
 * Every policy value the processes use, with its unit, its default and where it comes from.
 * The migration seeds these defaults effective from 2000-01-01; admin adds later values.
 */
export const POLICY_KEYS = {
  'contract.deadline_days': {
    unit: 'days',
    default: 15,
    source: 'Seed 000: written contract within 15 days of the labour relationship',
  },
  'contract.reminder_days_before': {
    unit: 'days',
    default: 3,
    source: 'Bureau practice: remind before the 15-day deadline',
  },
  'contract.rectify_days': {
    unit: 'days',
    default: 10,
    source: 'Bureau practice: time allowed by the rectification notice',
  },
  'referral.amount_fen': {
    unit: 'fen',
    default: 8000,
    source: 'Seed 000: 80 yuan per laid-off worker referred into a 1-year+ contract',
  },
  'referral.min_contract_months': {
    unit: 'months',
    default: 12,
    source: 'Seed 000: labour contract of one year or more',
  },
  'referral.repeat_window_months': {
    unit: 'months',
    default: 12,
    source: 'Bureau rule: one referral payout per worker in 12 months',
  },
  'referral.retention_days': {
    unit: 'days',
    default: 0,
    source: 'Bureau rule: optional retention check after signing (0 = none)',
  },
  'training.placement_window_months': {
    unit: 'months',
    default: 6,
    source: 'Seeds 000-002: placement after training; bureau window 6 months',
  },
  'training.attendance_threshold_percent': {
    unit: 'percent',
    default: 80,
    source: 'Bureau rule: attendance needed to complete a course',
  },
  'claims.second_approval_threshold_fen': {
    unit: 'fen',
    default: 100000,
    source: 'Finance rule: a second approval above 1,000 yuan',
  },
  'claims.decision_sla_working_days': {
    unit: 'working_days',
    default: 10,
    source: 'Finance rule: decide a claim within 10 working days',
  },
  'case.acknowledge_working_days': {
    unit: 'working_days',
    default: 1,
    source: 'Seeds 001/003: every complaint answered; acknowledge within 1 working day',
  },
  'case.mediation_days': { unit: 'days', default: 15, source: 'Labour Dispute Mediation and Arbitration Law art. 14' },
  'case.inspection_accept_working_days': {
    unit: 'working_days',
    default: 5,
    source: 'Regulations on Labour Security Inspection (acceptance within 5 working days)',
  },
  'case.inspection_investigate_working_days': {
    unit: 'working_days',
    default: 60,
    source: 'Regulations on Labour Security Inspection art. 17',
  },
  'case.inspection_extension_working_days': {
    unit: 'working_days',
    default: 30,
    source: 'Regulations on Labour Security Inspection art. 17',
  },
  'case.arbitration_accept_days': {
    unit: 'days',
    default: 5,
    source: 'Labour Dispute Mediation and Arbitration Law art. 29',
  },
  'case.arbitration_award_days': {
    unit: 'days',
    default: 45,
    source: 'Labour Dispute Mediation and Arbitration Law art. 43',
  },
  'case.arbitration_extension_days': {
    unit: 'days',
    default: 15,
    source: 'Labour Dispute Mediation and Arbitration Law art. 43',
  },
  'case.limitation_days': {
    unit: 'days',
    default: 365,
    source: 'Labour Dispute Mediation and Arbitration Law art. 27 (one year)',
  },
  'household.visit_interval_days': { unit: 'days', default: 30, source: 'Seed 002: regular return visits (monthly)' },
  'household.request_answer_days': {
    unit: 'days',
    default: 7,
    source: 'Seed 002: contact-card requests answered within one week',
  },
  'household.working_age_min_years': { unit: 'years', default: 16, source: 'Labour Law art. 15: minimum working age' },
  'household.working_age_max_years': {
    unit: 'years',
    default: 60,
    source: 'Bureau practice: upper working age for the survey',
  },
  'household.working_age_max_years_female': {
    unit: 'years',
    default: 55,
    source: 'Bureau practice (零就业家庭认定): women of working age 16–55',
  },
  'household.request_reminder_days_before': {
    unit: 'days',
    default: 2,
    source: 'Seed 002: one-week answer; the assignee is reminded on day 5',
  },
  'household.visit_reminder_days_before': {
    unit: 'days',
    default: 3,
    source: 'Seed 002: return visits; the caseworker is reminded before each',
  },
} as const;

export type PolicyKey = keyof typeof POLICY_KEYS;
export type PolicySnapshot = Record<PolicyKey, number> & { asOf: string };
export const POLICY_KEY_NAMES = Object.keys(POLICY_KEYS) as PolicyKey[];
