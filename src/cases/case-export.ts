/**
 * Chinese column headers of the 维权案件 list export. The values come from the JSON list items of its
 * endpoint, so masking is exactly the list's (ID and phone masked).
 */
import { LABELS } from '../common/labels.js';
import { labelOf, shanghaiDateTime, type XlsxColumn, yuan, YUAN_FORMAT } from '../common/xlsx-export.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export const CASE_EXPORT: XlsxColumn<Row>[] = [
  { header: '案件编号', value: (c) => c.number, width: 18 },
  { header: '类型', value: (c) => labelOf(LABELS.caseKind, c.kind), width: 16 },
  { header: '状态', value: (c) => labelOf(LABELS.caseStatus, c.status) },
  { header: '阶段', value: (c) => labelOf(LABELS.caseStage, c.stage) },
  { header: '承办人', value: (c) => c.assigneeName },
  { header: '请求金额(元)', value: (c) => yuan(c.amountClaimedFen), numFmt: YUAN_FORMAT },
  { header: '下一期限', value: (c) => c.nextDeadline, width: 12 },
  { header: '期限事项', value: (c) => c.nextDeadlineLabel, width: 16 },
  { header: '立案时间', value: (c) => shanghaiDateTime(c.openedAt), width: 18 },
  { header: '结案时间', value: (c) => shanghaiDateTime(c.closedAt), width: 18 },
  { header: '事实', value: (c) => c.facts, width: 40 },
];
