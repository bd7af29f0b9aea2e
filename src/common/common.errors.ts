import { defineErrors } from './errors.js';

/** Input refused by the DTOs' validation: `details` names each field and why. */
export const ValidationErrors = defineErrors('VALIDATION', {
  FAILED: { status: 400, message: '填写的内容有误，请按提示修改：{problems}', params: ['problems'] },
  QUERY: { status: 400, field: 'q', message: '查询条件不正确，请检查筛选项' },
});

/** An uploaded document (a contract scan, a case's evidence). */
export const UploadErrors = defineErrors('UPLOAD', {
  MISSING: { status: 400, field: 'file', message: '请选择要上传的扫描件（PDF、JPG 或 PNG，不超过10MB）' },
  TOO_LARGE: { status: 413, field: 'file', message: '文件不能超过10MB' },
  TYPE: { status: 415, field: 'file', message: '只能上传 PDF、JPG 或 PNG 文件（按文件内容检查）' },
});

/** Answers of the HTTP layer itself (no route, a malformed body, an id that is not a number), by status. */
export const HttpErrors = defineErrors('HTTP', {
  BAD_REQUEST: { status: 400, message: '请求的格式不正确（例如地址中的编号不是数字），请检查后重试' },
  UNAUTHORIZED: { status: 401, message: '请先登录' },
  FORBIDDEN: { status: 403, message: '无权访问' },
  NOT_FOUND: { status: 404, message: '没有找到您要的内容' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持这种操作方式' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交或上传的内容太大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持这种内容格式' },
  TOO_MANY_REQUESTS: { status: 429, message: '操作太频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '系统出错了，已记录日志，请稍后重试' },
  UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后重试' },
});

/** Postgres' own guards (unique, foreign key, check): a last line of defence behind the services' checks. */
export const DatabaseErrors = defineErrors('DATABASE', {
  DUPLICATE: { status: 409, message: '这条记录已经存在，不能重复登记' },
  MISSING_REFERENCE: { status: 400, message: '引用的记录不存在，请刷新后重试' },
  OUT_OF_RANGE: { status: 400, message: '有数值超出了允许的范围，请检查后重试' },
  OUT_OF_REACH: { status: 403, message: '这项办理超出了本机构的管辖范围' },
  UNSTORABLE: { status: 400, message: '有填写的内容无法保存（数值太大，或含有不能保存的字符），请检查后重试' },
  UNAVAILABLE: { status: 503, message: '数据库暂时无法连接，请稍后重试' },
});

/** A period asked for by its two ends (a summary, a report). */
export const PeriodErrors = defineErrors('PERIOD', {
  TO_BEFORE_FROM: { status: 400, field: 'to', message: '截止日期不能早于起始日期' },
});

/** A month written YYYY-MM (reports, figures). */
export const MonthErrors = defineErrors('MONTH', {
  SHAPE: { status: 400, field: 'month', message: '请按“年-月”填写月份，如 2026-11' },
  NUMBER: { status: 400, field: 'month', message: '月份须在01至12之间' },
  TOO_EARLY: { status: 400, field: 'month', message: '月份不能早于2000年1月' },
  IN_FUTURE: { status: 400, field: 'month', message: '月份不能晚于本月（{current}）', params: ['current'] },
});

/** The process engine (Temporal) did not answer: nothing was changed. */
export const TemporalErrors = defineErrors('TEMPORAL', {
  UNAVAILABLE: { status: 503, message: '流程引擎暂时没有响应，本次未做任何更改，请稍后重试' },
});
