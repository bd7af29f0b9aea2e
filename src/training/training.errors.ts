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
