/**
 * Chinese column headers of the 输出登记 list export. The values are the list's own columns
 * (PlacementsService.exportRows: its filters and reach); like the list, no ID or phone number.
 */
import { LABELS } from '../common/labels.js';
import { labelOf, type XlsxColumn, yuan, YUAN_FORMAT } from '../common/xlsx-export.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

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
  { header: '状态', value: (p) => labelOf(LABELS.placementStatus, p.status) },
  { header: '签合同期限', value: (p) => p.deadline, width: 12 },
  { header: '剩余天数', value: (p) => p.daysLeft },
  { header: '离职日期', value: (p) => p.endDate, width: 12 },
];
