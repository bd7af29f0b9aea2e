import { CASE_KIND_LABELS, DEADLINE_LABELS } from '../cases/case-labels.js';

/**
 * Chinese words for stored values (statuses, kinds, stages, roles, measures): one list for
 * the console's pages, the spreadsheet exports and the texts the services write.
 */
export const LABELS: Record<string, Record<string, string>> = {
  role: { admin: '管理员', caseworker: '经办人员', finance: '财务审核', broker: '职业介绍人', system: '系统' },
  brokerStatus: { active: '正常', suspended: '已暂停' },
  placementStatus: { awaiting_contract: '待签合同', contract_signed: '已签合同', overdue: '逾期未签', ended: '已离职' },
  claimStatus: {
    awaiting_approval: '待审批',
    returned: '退回补正',
    approved: '已批准',
    rejected: '已驳回',
    paid: '已发放',
  },
  claimKind: { training: '培训补贴', referral: '职业介绍补贴' },
  referralStatus: {
    waiting_contract: '等待签订劳动合同',
    retention_check: '稳定就业核查中',
    ineligible: '不符合补贴条件',
    ended: '已结束',
    awaiting_approval: '待财务审批',
    returned: '退回补正',
    approved: '已批准待发放',
    rejected: '已驳回',
    paid: '已发放',
  },
  caseStatus: { open: '办理中', closed: '已结案' },
  caseStage: {
    intake: '待受理',
    mediation: '调解中',
    awaiting_payment: '待履行调解协议',
    mediation_failed: '调解不成',
    mediation_lapsed: '调解期满',
    inspection_pending: '待监察立案',
    inspection: '劳动保障监察',
    arbitration_pending: '待仲裁受理',
    arbitration: '劳动争议仲裁',
    reopened: '已重新立案',
    closed: '已结案',
  },
  caseKind: CASE_KIND_LABELS,
  escalatedTo: { inspection: '劳动保障监察', arbitration: '劳动争议仲裁' },
  interruptionKind: {
    claim_to_employer: '劳动者向用人单位主张权利',
    request_to_authority: '向有关部门请求权利救济',
    employer_admission: '用人单位同意履行义务',
  },
  limitationStatus: {
    running: '时效期间内',
    warned: '时效将届满',
    expired: '时效已届满',
    arbitration: '已申请仲裁',
    none: '—',
  },
  caseChannel: {
    window: '窗口',
    phone: '电话',
    hotline: '热线',
    visit: '来访',
    referral: '转介',
    letter: '来信',
    online: '网上',
    system: '系统',
  },
  closeOutcome: { resolved: '已解决', withdrawn: '当事人撤回', referred: '移送其他部门', rejected: '不予受理' },
  referralStep: {
    referred: '已推荐就业',
    waiting_for_contract: '等待签订劳动合同',
    contract_signed: '已签订劳动合同',
    retention_check: '稳定就业核查',
    not_eligible: '不符合补贴条件',
    eligible: '符合补贴条件',
    awaiting_approval: '已提交补贴申请，待财务审批',
    approved: '财务已批准',
    rejected: '财务已驳回',
    returned_for_revision: '退回补正',
    resubmitted: '补正后重新提交',
    paid: '补贴已发放',
  },
  claimAction: {
    prepare: '经办提交',
    approve: '批准',
    reject: '驳回',
    return: '退回补正',
    resubmit: '重新提交',
    pay: '发放',
    paid: '已发放',
  },
  // A claim's decision deadline is a working-day deadline beside the cases' (the calendar lists both).
  deadline: { ...DEADLINE_LABELS, decision: '补贴审批' },
  householdStatus: { employed: '已就业', zero_employment: '零就业', no_working_age: '无劳动年龄成员' },
  relationship: {
    head: '户主',
    spouse: '配偶',
    child: '子女',
    parent: '父母',
    sibling: '兄弟姐妹',
    grandchild: '孙子女',
    other: '其他',
  },
  /** What cleared a household (清零), and the services a visit offers (the same words). */
  measure: {
    training: '免费培训',
    referral: '免费职业介绍',
    public_post: '公益性岗位',
    loan: '小额担保贷款',
    own_business: '自主创业',
  },
  employmentKind: { self_employment: '自主创业/个体经营', public_post: '公益性岗位', flexible: '灵活就业' },
  sex: { male: '男', female: '女' },
  requestKind: { job: '求职', training: '培训', post: '公益性岗位', loan: '小额担保贷款', rights: '维权' },
  requestChannel: { phone: '电话', window: '窗口' },
  requestStatus: { open: '待答复', answered: '已答复' },
  importStatus: { preview: '待确认', running: '导入中', completed: '已完成', failed: '失败' },
  rowAction: { create: '新增', update: '更新', unchanged: '无变化', reject: '有错误' },
  badge: { on_track: '正常', due_soon: '即将到期', breached: '已超期', none: '无时限' },
  exposureStop: {
    contract: '计至签订劳动合同前一日',
    ended: '计至离职之日',
    one_year: '计至用工满一年前一日（最多十一个月）',
    today: '计至今日',
  },
  workerCategory: {
    rural_surplus: '农村富余劳动力',
    laid_off: '下岗失业人员',
    graduate: '高校毕业生',
    veteran: '退役军人',
    zero_employment_household: '零就业家庭',
    age_40_50: '4050人员',
  },
};

export function label(group: string, key: unknown): string {
  if (key === null || key === undefined || key === '') return '—';
  return LABELS[group]?.[String(key)] ?? String(key);
}
