import { defineErrors } from '../common/errors.js';

/** Training providers, courses and enrolments (培训机构, 培训班, 学员). */
export const ProviderErrors = defineErrors('PROVIDER', {
  EXISTS: { status: 409, message: '已有同名或同一统一社会信用代码的培训机构' },
  UNKNOWN: { status: 400, field: 'providerId', message: '没有这个培训机构' },
  NOT_FOUND: { status: 404, message: '没有这个培训机构' },
  STALE: { status: 409, message: '该培训机构的信息已被他人修改，请刷新后重试', extra: ['currentVersion'] },
});

export const CourseErrors = defineErrors('COURSE', {
  NOT_FOUND: { status: 404, message: '没有这个培训班' },
  END_BEFORE_START: { status: 400, field: 'endDate', message: '结束日期不能早于开始日期' },
  ORDERING_EMPLOYER_REQUIRED: {
    status: 400,
    field: 'orderingEmployerId',
    message: '定单培训和定向培训须填写下单的用工单位',
  },
  NO_ORDERING_EMPLOYER: {
    status: 400,
    field: 'orderingEmployerId',
    message: '只有定单培训和定向培训才填写下单的用工单位',
  },
  COMPLETED: { status: 409, message: '该培训班已经结业：不能再报名，也不能再修改出勤和考核记录' },
  NOT_STARTED: {
    status: 400,
    field: 'courseId',
    message: '该培训班{startDate}才开班，开班前不能结业',
    params: ['startDate'],
  },
});

export const EnrollmentErrors = defineErrors('ENROLLMENT', {
  EXISTS: { status: 409, message: '该人员已经报名了这个培训班', extra: ['existingId'] },
  NOT_FOUND: { status: 404, message: '没有这条学员记录' },
  ATTENDED_OVER_TOTAL: { status: 400, field: 'sessionsAttended', message: '出勤次数不能多于总课次' },
  CERTIFICATE_ON_FAIL: {
    status: 400,
    field: 'certificateNo',
    message: '考核不合格的学员没有结业证书，请不要填写证书编号',
  },
});

/** 开班报告: reported ahead of the start by the policy's working days, decided by someone else before the start. */
export const ClassStartErrors = defineErrors('CLASS_START', {
  NOT_FOUND: { status: 404, message: '该培训班还没有报送开班报告' },
  TOO_LATE: {
    status: 409,
    message: '开班报告须在开班前至少{days}个工作日报送：该培训班{startDate}开班，今天报送最早只能{earliestStart}开班',
    params: ['days', 'startDate', 'earliestStart'],
    extra: ['leadWorkingDays', 'earliestStart'],
  },
  ALREADY_APPROVED: { status: 409, message: '该培训班的开班报告已经批准，不能再修改' },
  NOT_SUBMITTED: { status: 409, message: '该开班报告当前不是待审批状态（{status}），不能审批', params: ['status'] },
  NO_TRAINEES: { status: 409, message: '该培训班还没有学员报名：请先登记学员再报送开班报告' },
  COURSE_COMPLETED: { status: 409, message: '该培训班已经结业，不能再报送开班报告' },
  STARTED: { status: 409, message: '该培训班已于{startDate}开班：开班报告须在开班前批准', params: ['startDate'] },
  MAKER_CHECKER: { status: 409, message: '开班报告须由报送人以外的工作人员审批' },
  REASON_REQUIRED: { status: 400, field: 'reason', message: '退回开班报告须写明原因' },
  STALE: { status: 409, message: '该开班报告已被他人处理，请刷新后重试' },
});
