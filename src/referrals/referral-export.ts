/**
 * Chinese column headers of the 职业介绍 list export. The values come from the JSON list items of its
 * endpoint, so masking is exactly the list's (ID and phone masked).
 */
import { LABELS } from '../common/labels.js';
import { labelOf, type XlsxColumn, yuan, YUAN_FORMAT } from '../common/xlsx-export.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export const REFERRAL_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (r) => r.id, width: 8 },
  { header: '职业介绍人', value: (r) => r.broker?.name },
  { header: '姓名', value: (r) => r.worker?.name },
  { header: '身份证号', value: (r) => r.worker?.citizenId, width: 22 },
  { header: '用工单位', value: (r) => r.employer, width: 30 },
  { header: '上岗日期', value: (r) => r.startDate, width: 12 },
  { header: '状态', value: (r) => labelOf(LABELS.referralStatus, r.status), width: 16 },
  { header: '金额(元)', value: (r) => yuan(r.amountFen), numFmt: YUAN_FORMAT },
  { header: '补贴申请编号', value: (r) => r.claim?.number, width: 18 },
  { header: '发放日期', value: (r) => r.payout?.paidOn, width: 12 },
  { header: '说明', value: (r) => (r.reasons ?? []).join('；'), width: 40 },
];
