/**
 * Every kind of official document the system issues: its template (templates/<type>.hbs),
 * its title, and the character added to the bureau's prefix in its 文号, so each type
 * has its own number series (示劳输提〔2026〕3号, 示劳输责〔2026〕1号, …).
 */
export const DOCUMENT_TYPES = {
  contract_reminder: { title: '签订劳动合同提醒函', code: '提' },
  contract_rectification: { title: '限期签订劳动合同通知书', code: '责' },
  training_subsidy_notice: { title: '培训补贴审核通知书', code: '培' },
  referral_subsidy_notice: { title: '职业介绍补贴发放通知', code: '介' },
  case_acceptance: { title: '受理通知书', code: '受' },
  mediation_agreement: { title: '调解协议书', code: '调' },
  transfer_slip: { title: '劳动保障监察案件转办单', code: '转' },
  arbitration_application: { title: '劳动人事争议仲裁申请书（草稿）', code: '仲' },
  monthly_progress_report: { title: '劳务输出进展情况汇报', code: '汇' },
  employment_contact_card: { title: '“零就业家庭”就业联系卡', code: '联' },
  bank_payment_file: { title: '补贴资金代发清单', code: '代' },
  payout_public_notice: { title: '补贴资金发放公示', code: '公' },
} as const;

export type DocumentType = keyof typeof DOCUMENT_TYPES;
export const DOCUMENT_TYPE_NAMES = Object.keys(DOCUMENT_TYPES) as DocumentType[];
