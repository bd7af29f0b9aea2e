/**
 * Chinese column headers of the 人员, 用工单位 and 职业介绍人 list export. The values come from the JSON list items of its
 * endpoint, so masking is exactly the list's (ID and phone masked).
 */
import { LABELS } from '../common/labels.js';
import { labelOf, shanghaiDateTime, type XlsxColumn } from '../common/xlsx-export.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export const WORKER_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (w) => w.id, width: 8 },
  { header: '姓名', value: (w) => w.name },
  { header: '身份证号', value: (w) => w.citizenId, width: 22 },
  { header: '性别', value: (w) => labelOf(LABELS.sex, w.sex), width: 6 },
  { header: '出生日期', value: (w) => w.birthDate, width: 12 },
  { header: '联系电话', value: (w) => w.phone, width: 14 },
  { header: '乡镇', value: (w) => w.township },
  {
    header: '人员类别',
    value: (w) => (w.categories ?? []).map((c: string) => LABELS.workerCategory[c] ?? c).join('、'),
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

export const BROKER_EXPORT: XlsxColumn<Row>[] = [
  { header: '编号', value: (b) => b.id, width: 8 },
  { header: '姓名', value: (b) => b.name },
  { header: '身份证号', value: (b) => b.citizenId, width: 22 },
  { header: '联系电话', value: (b) => b.phone, width: 14 },
  { header: '资格证书编号', value: (b) => b.certificateNo, width: 20 },
  { header: '状态', value: (b) => labelOf(LABELS.brokerStatus, b.status), width: 8 },
  { header: '登记时间', value: (b) => shanghaiDateTime(b.createdAt), width: 18 },
];
