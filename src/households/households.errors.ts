import { defineErrors } from '../common/errors.js';

/**
 * Zero-employment households (零就业家庭), their members and employments, their support, the
 * half-yearly survey and contact-card requests. What the support and request processes refuse
 * is `HouseholdRefusals` and `ContactRequestRefusals` in workflows/refusals.ts.
 */
export const HouseholdErrors = defineErrors('HOUSEHOLD', {
  NOT_FOUND: { status: 404, message: '没有这个家庭户' },
  UNKNOWN: { status: 400, field: 'householdId', message: '没有这个家庭户' },
  CLEARING: { status: 409, message: '该户上一次清零还在登记中，请稍后再试' },
  SAME_WORKER_TWICE: { status: 400, field: 'members', message: '同一人在成员中填了两次' },
  ONE_HEAD: { status: 400, field: 'members', message: '须有且只有一名户主（与户主关系选“户主”）' },
  MEMBER_UNKNOWN: { status: 400, field: 'members', message: '所列成员中有人还没有登记为务工人员，请先登记' },
  MEMBER_ELSEWHERE: { status: 409, field: 'members', message: '有成员已经是另一个家庭户的成员', extra: ['households'] },
  RESPONSIBLE: { status: 400, field: 'responsibleUserId', message: '责任人只能是在岗的经办人员' },
  HAS_HEAD: { status: 400, field: 'relationship', message: '该户已经有户主' },
  MEMBER_NOT_FOUND: { status: 404, message: '该人员不是这个家庭户的成员' },
  NOT_A_MEMBER: { status: 400, field: 'workerId', message: '该人员不是这个家庭户的成员' },
  EMPLOYMENT_START_IN_FUTURE: { status: 400, field: 'startDate', message: '就业开始日期不能晚于今天' },
  EMPLOYMENT_NOT_FOUND: { status: 404, message: '没有这条就业记录' },
  EMPLOYMENT_ENDED: { status: 409, message: '这条就业记录已经登记过结束' },
  EMPLOYMENT_END_BEFORE_START: {
    status: 400,
    field: 'endDate',
    message: '结束日期不能早于开始日期（{startDate}）',
    params: ['startDate'],
  },
  EMPLOYMENT_END_IN_FUTURE: { status: 400, field: 'endDate', message: '结束日期不能晚于今天' },
  NO_WORKING_AGE: {
    status: 400,
    field: 'members',
    message: '该户没有劳动年龄成员（按现行政策男16–60岁、女16–55岁），不是零就业家庭',
  },
  EMPLOYED: { status: 409, message: '该户有劳动年龄成员已经就业（{how}），不是零就业家庭', params: ['how'] },
  RUN_OPEN: {
    status: 409,
    message: '该户已于{foundOn}认定为零就业家庭，援助正在进行中',
    params: ['foundOn'],
    extra: ['workflowId'],
  },
  NOT_ZERO_EMPLOYMENT: { status: 409, message: '该户现在不是零就业家庭；跟踪走访只针对零就业家庭' },
  PROCESS_REFUSED: { status: 409, message: '援助流程没有接受这项办理，请刷新页面查看当前状态后重试' },
  NO_PROCESS: { status: 409, message: '该户的援助流程已经结束' },
});

/** The half-yearly survey (摸底) of households. */
export const SurveyErrors = defineErrors('SURVEY', {
  NOT_FOUND: { status: 404, message: '没有这次摸底' },
  NOT_BEGUN: { status: 400, field: 'period', message: '这个半年还没有开始，不能开始摸底' },
  PERIOD_TAKEN: { status: 409, message: '{period}的摸底已经建立过', params: ['period'] },
  CLOSED: { status: 409, message: '{period}的摸底已经结束', params: ['period'] },
  VISIT_OUTSIDE: {
    status: 400,
    field: 'visitedOn',
    message: '走访日期须在本次摸底的半年内（{startsOn}至{endsOn}）',
    params: ['startsOn', 'endsOn'],
  },
  FINDING_DISAGREES: {
    status: 400,
    field: 'finding',
    message: '走访情况与系统登记不一致（系统为“{registered}”）：{hint}',
    params: ['registered', 'hint'],
  },
  ALREADY_VISITED: {
    status: 409,
    message: '该户在{period}摸底中已登记走访（{visitedOn}）',
    params: ['period', 'visitedOn'],
  },
  HOUSEHOLDS_MISSED: {
    status: 409,
    message: '还有{count}户没有走访也没有登记原因：请走访或登记未走访的原因后再结束摸底',
    params: ['count'],
    extra: ['missed'],
  },
});

/** Contact-card requests (联系卡求助). */
export const ContactRequestErrors = defineErrors('CONTACT_REQUEST', {
  NOT_FOUND: { status: 404, message: '没有这条求助' },
  WORKER_REQUIRED: { status: 400, field: 'workerId', message: '维权求助须选择涉及的家庭成员' },
  CASE_ONLY_FOR_RIGHTS: { status: 400, field: 'caseKind', message: '只有维权求助才立案，其他求助不填写案件信息' },
  ASSIGNEE: { status: 400, field: 'assigneeId', message: '只能指派给在岗的经办人员' },
  ANSWER_REQUIRED: { status: 400, message: '答复求助须填写提供的帮助和该家庭是否接受' },
  PROCESS_REFUSED: { status: 409, message: '求助流程没有接受这项办理，请刷新页面查看当前状态后重试' },
  NO_PROCESS: { status: 409, message: '该求助的流程已经结束' },
});
