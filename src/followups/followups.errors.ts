import { defineErrors } from '../common/errors.js';

/** The follow-up plan of a placement (跟踪服务) and its check-ins (回访). */
export const FollowUpErrors = defineErrors('FOLLOW_UP', {
  NOT_FOUND: { status: 404, message: '该就业登记没有跟踪服务计划（本功能启用前登记的不在其列）' },
  PLACEMENT_NOT_FOUND: { status: 404, message: '没有这条就业登记' },
  BEFORE_START: {
    status: 400,
    field: 'doneOn',
    message: '回访日期不能早于上岗日期（{startDate}）',
    params: ['startDate'],
  },
  IN_FUTURE: { status: 400, field: 'doneOn', message: '回访日期不能晚于今天' },
  AFTER_END: {
    status: 400,
    field: 'doneOn',
    message: '回访日期不能晚于离岗日期（{endDate}）',
    params: ['endDate'],
  },
  PROBLEM_WITHOUT_FACTS: {
    status: 400,
    field: 'workerWords',
    message: '发现问题时须记录本人反映或回访情况，作为立案的首份证据',
  },
  NOT_ENDED: { status: 409, message: '该人员尚未离岗，无需登记返乡原因' },
  REASON_RECORDED: { status: 409, message: '离岗返乡原因已登记' },
});
