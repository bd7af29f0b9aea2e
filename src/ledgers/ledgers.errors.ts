import { defineErrors } from '../common/errors.js';

/** A ledger file (台账) as uploaded: what it is, its header. */
export const LedgerErrors = defineErrors('LEDGER', {
  FILE_MISSING: { status: 400, field: 'file', message: '请选择要上传的台账文件（.xlsx 或 .csv）' },
  FILE_TOO_LARGE: { status: 413, field: 'file', message: '文件超过 20 MB：请拆成几个文件分别上传' },
  OLD_EXCEL: {
    status: 415,
    field: 'file',
    message: '这是旧版 Excel 97-2003（.xls）文件：请在 Excel 中“另存为” .xlsx 后再上传',
  },
  NOT_A_LEDGER: { status: 415, field: 'file', message: '不是 Excel 表格（.xlsx）或 CSV 文本文件（按文件内容判断）' },
  INFLATES_TOO_LARGE: {
    status: 413,
    field: 'file',
    message: '文件解压后超过 {limit} MB：请拆成几个文件分别上传',
    params: ['limit'],
  },
  TOO_MANY_ROWS: {
    status: 413,
    field: 'file',
    message: '表格超过 {limit} 行：请拆成几个文件分别上传',
    params: ['limit'],
  },
  CELL_TOO_LONG: {
    status: 400,
    field: 'file',
    message: '有单元格超过 {limit} 个字符（Excel 单元格的上限），请检查文件',
    params: ['limit'],
  },
  UNREADABLE: { status: 415, field: 'file', message: '文件以 Excel 格式开头，但无法读取（可能已损坏或不是 .xlsx）' },
  NO_HEADER: {
    status: 400,
    field: 'file',
    message: '前{rows}行中找不到表头行，应有这些列：{columns}（可下载模板对照）',
    params: ['rows', 'columns'],
  },
  MISSING_COLUMNS: { status: 400, message: '缺少必填列：{columns}', params: ['columns'] },
  KIND: { status: 400, field: 'kind', message: '没有这种台账，请从列表中选择' },
});

/** Importing a ledger: preview, confirmation, the rows. */
export const ImportErrors = defineErrors('IMPORT', {
  NOT_FOUND: { status: 404, message: '没有这次导入' },
  CONFIRMED: {
    status: 409,
    message: '这次导入已经确认过（{confirmedBy}，{status}），不能再次确认',
    params: ['confirmedBy', 'status'],
  },
  EXPIRED: { status: 409, message: '预览已超过24小时失效：请重新上传文件' },
  BAD_ROW: { status: 400, message: '这一行的身份证号不正确' },
  REJECTED: { status: 400, message: '这一行没有通过检查：{reasons}', params: ['reasons'] },
  PLACEMENT_CHANGED: { status: 409, message: '这条就业登记已签合同、已离职或刚被他人修改，未按台账更新' },
});

/** Reconciling a township's ledger with the registry (台账核对). */
export const ReconciliationErrors = defineErrors('RECONCILIATION', {
  TOWNSHIP_REQUIRED: { status: 400, field: 'township', message: '请选择要核对的乡镇' },
  TOWNSHIP_UNKNOWN: {
    status: 400,
    field: 'township',
    message: '“{township}”不在系统的乡镇列表中',
    params: ['township'],
  },
  NOT_FOUND: { status: 404, message: '没有这次核对' },
});
