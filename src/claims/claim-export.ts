/**
 * Chinese column headers of the 补贴申请 list export. The values come from the JSON list items of its
 * endpoint, so masking is exactly the list's (ID and phone masked).
 */
import { LABELS } from '../common/labels.js';
import { labelOf, shanghaiDateTime, type XlsxColumn, yuan, YUAN_FORMAT } from '../common/xlsx-export.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export const CLAIM_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (c) => c.number, width: 18 },
  { header: '补贴类型', value: (c) => labelOf(LABELS.claimKind, c.kind) },
  { header: '状态', value: (c) => labelOf(LABELS.claimStatus, c.status) },
  { header: '金额(元)', value: (c) => yuan(c.amountFen), numFmt: YUAN_FORMAT },
  { header: '领取人', value: (c) => c.payeeName, width: 24 },
  { header: '乡镇', value: (c) => c.township },
  { header: '经办人', value: (c) => c.preparedByName ?? c.preparedBy },
  { header: '申报时间', value: (c) => shanghaiDateTime(c.preparedAt), width: 18 },
  { header: '审批期限', value: (c) => shanghaiDateTime(c.decisionDueAt), width: 18 },
  { header: '审批逾期', value: (c) => (c.decisionOverdue ? '是' : '否') },
  { header: '最近意见', value: (c) => c.lastReason, width: 30 },
];

/**
 * 发放记录 export, filters as on the page. Its first columns are what a bank's batch-payment
 * (代发) upload asks for: payee, bank, account as text (an 19-digit number would lose digits as a
 * number), amount in yuan with two decimals, and the reference as the payment's remark.
 */
export const PAYOUT_EXPORT: XlsxColumn<Row>[] = [
  { header: '收款人姓名', value: (p) => p.payeeName, width: 24 },
  { header: '开户银行', value: (p) => p.bankName, width: 26 },
  { header: '收款账号', value: (p) => p.bankAccount, width: 24 },
  { header: '金额(元)', value: (p) => yuan(p.amountFen), numFmt: YUAN_FORMAT },
  { header: '用途(凭证号)', value: (p) => p.reference, width: 22 },
  { header: '申请编号', value: (p) => p.claimNumber, width: 18 },
  { header: '补贴类型', value: (p) => labelOf(LABELS.claimKind, p.kind) },
  { header: '乡镇', value: (p) => p.township },
  { header: '发放日期', value: (p) => p.paidOn, width: 12 },
];
