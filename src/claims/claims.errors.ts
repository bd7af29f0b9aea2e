import { defineErrors } from '../common/errors.js';

/** Subsidy claims. What the approval process refuses is `ClaimRefusals` in workflows/refusals.ts. */
export const ClaimErrors = defineErrors('CLAIM', {
  NOT_FOUND: { status: 404, message: '没有这个补贴申请' },
  PROCESS_REFUSED: { status: 409, message: '审批流程没有接受这项办理，请刷新页面查看当前状态后重试' },
  PAYEE_ACCOUNT_MISSING: {
    status: 409,
    field: 'payee',
    message: '领取人还没有登记开户银行和银行账号，不能批准：请先在{payeeKind}档案中登记收款账户',
    params: ['payeeKind'],
  },
});

/** The referral subsidy (职业介绍补贴): once per worker in the repeat window. */
export const ReferralErrors = defineErrors('REFERRAL', {
  NOT_FOUND: { status: 404, message: '没有这条推荐记录' },
  REPEAT: {
    status: 409,
    message:
      '该人员已有职业介绍补贴申请{number}（上岗日期{earlierStartDate}，{status}），与本次上岗日期{startDate}相距不足{windowMonths}个月：同一人{windowMonths}个月内只发放一次职业介绍补贴',
    params: ['number', 'earlierStartDate', 'status', 'startDate', 'windowMonths'],
    extra: ['earlierClaim'],
  },
});
