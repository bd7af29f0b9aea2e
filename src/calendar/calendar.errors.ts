import { defineErrors } from '../common/errors.js';

/** The working-day calendar (法定节假日与调休) and its yearly arrangement files. */
export const CalendarErrors = defineErrors('CALENDAR', {
  DATE: { status: 400, field: 'date', message: '请填写有效日期（如 2026-11-20）' },
  DAYS: { status: 400, field: 'days', message: '工作日数须为0至{max}之间的整数', params: ['max'] },
  YEAR: { status: 400, field: 'year', message: '请填写年份，如 2026' },
  KIND: { status: 400, field: 'kind', message: '请选择“法定节假日”或“调休上班”' },
  WORKDAY_ON_WEEKDAY: {
    status: 400,
    field: 'kind',
    message: '{date}是工作日，本来就要上班；调休上班日应为周六或周日',
    params: ['date'],
  },
  NAME_REQUIRED: { status: 400, field: 'name', message: '请填写节日名称' },
  SOURCE_REQUIRED: { status: 400, field: 'source', message: '请填写依据（如国务院办公厅通知的文号）' },
  DAY_NOT_FOUND: { status: 404, message: '{date}不是登记过的节假日或调休上班日', params: ['date'] },
  FILE_REQUIRED: { status: 400, field: 'file', message: '请选择节假日安排文件（JSON）' },
  LOAD_NOT_FOUND: { status: 404, message: '没有这次节假日安排导入' },
  LOAD_CONFIRMED: { status: 409, message: '该节假日安排已于{confirmedAt}导入，不能再次确认', params: ['confirmedAt'] },
  ARRANGEMENT_INVALID: { status: 400, message: '节假日安排文件有误：{problems}', params: ['problems'] },
});
