import { defineErrors } from '../common/errors.js';

/** Payout batches (代发), funding lines and the bank's return files. What the batch's process refuses is `PayoutBatchRefusals`. */
export const PayoutErrors = defineErrors('PAYOUT', {
  BATCH_NOT_FOUND: { status: 404, message: '没有这个代发批次' },
  FUNDING_NOT_FOUND: { status: 404, field: 'fundingLineId', message: '没有这个资金来源（本县的就业补助资金科目）' },
  FUNDING_EXISTS: {
    status: 409,
    field: 'name',
    message: '本县{year}年已有名为“{name}”的资金来源',
    params: ['year', 'name'],
  },
  FUNDING_YEAR: {
    status: 409,
    field: 'fundingLineId',
    message: '资金来源“{name}”是{year}年度的，只能用于{year}年的代发批次',
    params: ['name', 'year'],
  },
  OVER_BUDGET: {
    status: 409,
    message:
      '本批代发合计{totalYuan}元，超出资金来源“{name}”{year}年度剩余额度{remainingYuan}元（年度预算{budgetYuan}元，已使用{usedYuan}元），不能编制',
    params: ['totalYuan', 'name', 'year', 'remainingYuan', 'budgetYuan', 'usedYuan'],
    extra: ['budgetFen', 'usedFen', 'remainingFen', 'totalFen'],
  },
  NOTHING_TO_PAY: { status: 409, message: '没有可以编入代发批次的已批准补贴申请' },
  CLAIM_NOT_PAYABLE: {
    status: 409,
    field: 'claimIds',
    message: '补贴申请{number}当前状态为“{status}”，不能编入代发批次（只能编入已批准、尚未代发的申请）',
    params: ['number', 'status'],
  },
  CLAIM_UNKNOWN: { status: 404, field: 'claimIds', message: '没有补贴申请（编号{id}）', params: ['id'] },
  NO_ACCOUNT: {
    status: 409,
    field: 'claimIds',
    message: '补贴申请{number}没有批准时的收款账户，不能代发：请先登记领取人的开户银行和账号',
    params: ['number'],
  },
  PROCESS_REFUSED: { status: 409, message: '代发批次流程没有接受这项办理，请刷新页面查看当前状态后重试' },
  FILE_NOT_READY: { status: 409, message: '该代发批次还没有生成代发文件（须先经另一名财务人员审核）' },
  NOTHING_PAID: {
    status: 409,
    message: '该代发批次公示期满时全部明细均因公示异议暂缓，已关闭，没有代发文件',
  },
  RETURN_PROBLEMS: {
    status: 422,
    field: 'file',
    message: '回盘文件有{count}行无法读取，整份文件没有导入；请按每行的原因改正后重新上传',
    params: ['count'],
  },
  RETURN_EMPTY: { status: 422, field: 'file', message: '回盘文件没有任何明细行' },
  NOT_FAILED: {
    status: 409,
    message: '补贴申请{number}当前状态为“{status}”，不是代发失败待更正，不需要重新代发',
    params: ['number', 'status'],
  },
  LINE_NOT_FOUND: { status: 404, field: 'lineId', message: '该代发批次没有这条明细' },
  NOTICE_CLOSED: {
    status: 409,
    message: '该明细已不在公示期内（公示期已结束或代发文件已送出），不能再登记异议',
  },
  REPEAT_REFERRAL: {
    status: 409,
    field: 'claimIds',
    message: '补贴申请{number}不能编入代发批次：{reason}',
    params: ['number', 'reason'],
  },
  NOTHING_LEFT: {
    status: 409,
    message:
      '该代发批次没有可以发放的明细（{held}笔因公示异议暂缓，其余已移出），审核后只会生成一份空的代发文件：请先处理异议，或作废本批次',
    params: ['held'],
  },
  OBJECTION_NOT_FOUND: { status: 404, message: '没有这条公示异议' },
  OBJECTION_RESOLVED: { status: 409, message: '这条公示异议已经处理过，不能重复处理' },
  ACCOUNT_UNCHANGED: {
    status: 409,
    message: '领取人的收款账户仍是代发失败时的账户（{account}）：请先在{payeeKind}档案中更正开户银行和账号',
    params: ['account', 'payeeKind'],
  },
});
