/** Chinese column headers of the 培训班 list export: the list's own rows, every code as its label. */
import { label } from '../common/labels.js';
import { shanghaiToday } from '../common/dates.js';
import type { XlsxColumn } from '../common/xlsx-export.js';
import { type Course, courseStatus } from '../registry/training.entity.js';

export const COURSE_EXPORT: XlsxColumn<Course>[] = [
  { header: '编号', value: (c) => c.id, width: 8 },
  { header: '培训班', value: (c) => c.name, width: 30 },
  { header: '培训机构', value: (c) => c.provider?.name ?? '', width: 30 },
  { header: '培训专业', value: (c) => c.specialty, width: 14 },
  { header: '培训方式', value: (c) => label('courseMode', c.mode), width: 10 },
  { header: '开班日期', value: (c) => c.startDate, width: 12 },
  { header: '结束日期', value: (c) => c.endDate, width: 12 },
  { header: '学时', value: (c) => c.hours, width: 8 },
  { header: '每人补贴（元）', value: (c) => c.subsidyPerTraineeFen / 100, numFmt: '#,##0.00', width: 14 },
  { header: '补贴领取人', value: (c) => label('subsidyPayee', c.payee), width: 10 },
  { header: '状态', value: (c) => label('courseStatus', courseStatus(c, shanghaiToday())), width: 10 },
];
