import { defineErrors } from '../common/errors.js';

/** 待办 (staff tasks). */
export const TaskErrors = defineErrors('TASK', {
  NOT_FOUND: { status: 404, message: '没有这条待办' },
  DONE: { status: 409, message: '这条待办已经办结' },
  CLOSES_ITSELF: {
    status: 409,
    message: '“{kind}”在其事由消除时自动办结（如签订合同、答复求助、案件进入下一阶段），不能手工办结',
    params: ['kind'],
  },
});
