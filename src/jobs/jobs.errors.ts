import { defineErrors } from '../common/errors.js';

/**
 * Taking and closing job orders (用工需求). The order process' own refusals (closing an order
 * that has ended) are `JobOrderRefusals` in workflows/refusals.ts, thrown here too when the
 * service sees them first.
 */
export const JobOrderErrors = defineErrors('JOB_ORDER', {
  NOT_FOUND: { status: 404, message: '没有这条用工需求' },
  WAGE_RANGE: { status: 400, field: 'wageMaxFen', message: '工资上限不能低于工资下限' },
  AGE_RANGE: { status: 400, field: 'ageMax', message: '年龄上限不能低于年龄下限' },
  END_BEFORE_START: { status: 400, field: 'endDate', message: '用工结束日期不能早于开始日期' },
  ENDED_ALREADY: { status: 400, field: 'endDate', message: '用工结束日期已过，不能再登记这条需求' },
  START_TOO_LATE: { status: 400, field: 'startDate', message: '用工开始日期不能晚于今天起一年' },
  SEX_REASON: {
    status: 400,
    field: 'sexReason',
    message:
      '限定性别须写明法定依据（《就业促进法》第二十七条：除国家规定不适合妇女的工种或岗位外，不得以性别为由拒绝录用）',
  },
  NO_AGREEMENT: {
    status: 400,
    field: 'agreement',
    message: '该用工单位在用工开始日没有有效的合作协议，请先在用工单位登记中填写协议期限',
  },
  PROCESS_REFUSED: { status: 409, message: '用工需求流程没有接受这项办理，请刷新页面查看当前状态后重试' },
  PROCESS_FINISHED: { status: 409, message: '该用工需求的流程已经结束，不能再办理' },
});

/** 求职登记: registering, renewing and withdrawing a worker's wish for work. */
export const JobSeekerErrors = defineErrors('JOB_SEEKER', {
  NOT_FOUND: { status: 404, message: '没有这条求职登记' },
  EXISTS: {
    status: 409,
    message:
      '该人员已有求职登记（登记号 {seekerId}，有效期至 {validUntil}）：请续登原登记，或撤销后重新登记，不要重复登记',
    params: ['seekerId', 'validUntil'],
    extra: ['existingId'],
  },
  AVAILABLE_TOO_LATE: { status: 400, field: 'availableFrom', message: '可上岗日期不能晚于今天起一年' },
  WITHDRAWN: { status: 409, message: '该求职登记已经撤销，不能再续登；如仍求职请重新登记' },
  CHANGED: { status: 409, message: '该求职登记刚被他人修改，请刷新后重试' },
});

/** Matching and referral (职业介绍): proposing a worker for an order, the employer's answer, the start. */
export const JobProposalErrors = defineErrors('JOB_PROPOSAL', {
  NOT_FOUND: { status: 404, message: '没有这条推荐记录' },
  ORDER_NOT_LIVE: { status: 409, message: '该用工需求已招满、关闭或过期，不能再推荐' },
  ALREADY_PROPOSED: {
    status: 409,
    message: '该人员已推荐过这条用工需求，同一人员不能重复推荐',
    extra: ['existingId'],
  },
  WORKER_PLACED: {
    status: 409,
    message: '该人员已有未离职的就业登记，不能推荐',
    extra: ['placementId'],
  },
  NOT_ELIGIBLE: { status: 409, message: '该人员不符合这条用工需求的条件：{why}', params: ['why'] },
  WORKER_REQUIRED: { status: 400, field: 'workerId', message: '请选择要推荐的人员' },
  CITIZEN_ID_REQUIRED: {
    status: 400,
    field: 'citizenId',
    message: '职业介绍人推荐本人带来的人员，请填写其公民身份号码',
  },
  BROKER_NOT_ACTIVE: { status: 400, field: 'brokerId', message: '该职业介绍人已被暂停，不能推荐' },
  ANSWERED: { status: 409, message: '用工单位已对该推荐作出答复（{status}），不能再次答复', params: ['status'] },
  REFUSAL_REASON: { status: 400, field: 'reason', message: '用工单位不同意时请填写原因（至少2个字）' },
  NOT_ACCEPTED: { status: 409, message: '只有用工单位同意（达成用工意向）的推荐才能登记上岗' },
  ORDER_FULL: { status: 409, message: '该用工需求已经招满（{headcount}人），不能再登记上岗', params: ['headcount'] },
});
