/**
 * Chinese column headers of the list exports. The values come from the JSON list
 * items of each endpoint, so masking is exactly the list's (ID and phone masked).
 */
import { LABELS } from '../common/labels.js';
import { shanghaiDateTime, type XlsxColumn, yuan, YUAN_FORMAT } from '../common/xlsx-export.js';
import { CATEGORY_LABELS } from './columns.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const label = (map: Record<string, string>, v: unknown) => (v == null ? null : (map[String(v)] ?? String(v)));

export const WORKER_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (w) => w.id, width: 8 },
  { header: '姓名', value: (w) => w.name },
  { header: '身份证号', value: (w) => w.citizenId, width: 22 },
  { header: '性别', value: (w) => label(LABELS.sex, w.sex), width: 6 },
  { header: '出生日期', value: (w) => w.birthDate, width: 12 },
  { header: '联系电话', value: (w) => w.phone, width: 14 },
  { header: '乡镇', value: (w) => w.township },
  {
    header: '人员类别',
    value: (w) => (w.categories ?? []).map((c: string) => CATEGORY_LABELS[c] ?? c).join('、'),
    width: 24,
  },
  { header: '技能', value: (w) => (w.skills ?? []).join('、'), width: 20 },
  { header: '备注', value: (w) => w.notes, width: 30 },
  { header: '登记时间', value: (w) => shanghaiDateTime(w.createdAt), width: 18 },
];

export const EMPLOYER_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (e) => e.id, width: 8 },
  { header: '用工单位', value: (e) => e.name, width: 30 },
  { header: '统一社会信用代码', value: (e) => e.creditCode, width: 22 },
  { header: '所在地区', value: (e) => e.region, width: 20 },
  { header: '联系人', value: (e) => e.contactName },
  { header: '联系电话', value: (e) => e.contactPhone, width: 16 },
  { header: '协议开始日期', value: (e) => e.agreementStart, width: 14 },
  { header: '协议结束日期', value: (e) => e.agreementEnd, width: 14 },
  { header: '登记时间', value: (e) => shanghaiDateTime(e.createdAt), width: 18 },
];

export const PLACEMENT_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (p) => p.id, width: 8 },
  { header: '姓名', value: (p) => p.workerName },
  { header: '乡镇', value: (p) => p.township },
  { header: '用工单位', value: (p) => p.employerName, width: 30 },
  { header: '工种', value: (p) => p.job },
  { header: '上岗日期', value: (p) => p.startDate, width: 12 },
  { header: '月工资(元)', value: (p) => yuan(p.monthlyWageFen), numFmt: YUAN_FORMAT },
  { header: '务工地点', value: (p) => p.destination, width: 24 },
  { header: '有组织输出', value: (p) => (p.organised ? '是' : '否') },
  { header: '状态', value: (p) => label(LABELS.placementStatus, p.status) },
  { header: '签合同期限', value: (p) => p.deadline, width: 12 },
  { header: '剩余天数', value: (p) => p.daysLeft },
  { header: '离职日期', value: (p) => p.endDate, width: 12 },
];

export const CLAIM_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (c) => c.number, width: 18 },
  { header: '补贴类型', value: (c) => label(LABELS.claimKind, c.kind) },
  { header: '状态', value: (c) => label(LABELS.claimStatus, c.status) },
  { header: '金额(元)', value: (c) => yuan(c.amountFen), numFmt: YUAN_FORMAT },
  { header: '领取人', value: (c) => c.payeeName, width: 24 },
  { header: '乡镇', value: (c) => c.township },
  { header: '经办人', value: (c) => c.preparedByName ?? c.preparedBy },
  { header: '申报时间', value: (c) => shanghaiDateTime(c.preparedAt), width: 18 },
  { header: '审批期限', value: (c) => shanghaiDateTime(c.decisionDueAt), width: 18 },
  { header: '审批逾期', value: (c) => (c.decisionOverdue ? '是' : '否') },
  { header: '最近意见', value: (c) => c.lastReason, width: 30 },
];

export const REFERRAL_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (r) => r.id, width: 8 },
  { header: '职业介绍人', value: (r) => r.broker?.name },
  { header: '姓名', value: (r) => r.worker?.name },
  { header: '身份证号', value: (r) => r.worker?.citizenId, width: 22 },
  { header: '用工单位', value: (r) => r.employer, width: 30 },
  { header: '上岗日期', value: (r) => r.startDate, width: 12 },
  { header: '状态', value: (r) => label(LABELS.referralStatus, r.status), width: 16 },
  { header: '金额(元)', value: (r) => yuan(r.amountFen), numFmt: YUAN_FORMAT },
  { header: '补贴申请编号', value: (r) => r.claim?.number, width: 18 },
  { header: '发放日期', value: (r) => r.payout?.paidOn, width: 12 },
  { header: '说明', value: (r) => (r.reasons ?? []).join('；'), width: 40 },
];

export const CASE_EXPORT: XlsxColumn<Row>[] = [
  { header: '案件编号', value: (c) => c.number, width: 18 },
  { header: '类型', value: (c) => label(LABELS.caseKind, c.kind), width: 16 },
  { header: '状态', value: (c) => label(LABELS.caseStatus, c.status) },
  { header: '阶段', value: (c) => label(LABELS.caseStage, c.stage) },
  { header: '承办人', value: (c) => c.assigneeName },
  { header: '请求金额(元)', value: (c) => yuan(c.amountClaimedFen), numFmt: YUAN_FORMAT },
  { header: '下一期限', value: (c) => c.nextDeadline, width: 12 },
  { header: '期限事项', value: (c) => c.nextDeadlineLabel, width: 16 },
  { header: '立案时间', value: (c) => shanghaiDateTime(c.openedAt), width: 18 },
  { header: '结案时间', value: (c) => shanghaiDateTime(c.closedAt), width: 18 },
  { header: '事实', value: (c) => c.facts, width: 40 },
];
