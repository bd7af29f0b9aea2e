import { defineErrors } from '../common/errors.js';

export const TownshipErrors = defineErrors('TOWNSHIP', {
  EXISTS: { status: 409, message: '已经有这个乡镇' },
  NOT_FOUND: { status: 404, message: '没有这个乡镇' },
  UNKNOWN: { status: 400, field: 'township', message: '不是本县的乡镇，请从乡镇列表中选择' },
});

export const WorkerErrors = defineErrors('WORKER', {
  EXISTS: { status: 409, message: '该身份证号的人员已经登记过，不能重复登记', extra: ['existingId'] },
  NOT_FOUND: { status: 404, message: '没有这个务工人员' },
  UNKNOWN: { status: 400, field: 'workerId', message: '没有这个务工人员，请先登记' },
  STALE: { status: 409, message: '该人员的信息已被他人修改，请刷新后重试', extra: ['currentVersion'] },
});

export const EmployerErrors = defineErrors('EMPLOYER', {
  EXISTS: { status: 409, message: '该统一社会信用代码的用工单位已经登记过，不能重复登记', extra: ['existingId'] },
  NOT_FOUND: { status: 404, message: '没有这个用工单位' },
  UNKNOWN: { status: 400, field: 'employerId', message: '没有这个用工单位，请先登记' },
  STALE: { status: 409, message: '该用工单位的信息已被他人修改，请刷新后重试', extra: ['currentVersion'] },
  AGREEMENT_END: { status: 400, field: 'agreementEnd', message: '合作协议的截止日期不能早于开始日期' },
});

export const BrokerErrors = defineErrors('BROKER', {
  EXISTS: {
    status: 409,
    message: '该身份证号、资格证书编号或登录用户已经登记为职业介绍人，不能重复登记',
    extra: ['existingId'],
  },
  NOT_FOUND: { status: 404, message: '没有这个职业介绍人' },
  UNKNOWN: { status: 400, field: 'brokerId', message: '没有这个职业介绍人' },
  USER_NOT_BROKER: { status: 400, field: 'userId', message: '只能关联角色为“职业介绍人”的用户' },
  USER_TAKEN: { status: 400, field: 'userId', message: '该用户已关联其他职业介绍人' },
  STALE: { status: 409, message: '该职业介绍人的信息已被他人修改，请刷新后重试', extra: ['currentVersion'] },
  SAME_STATUS: { status: 409, message: '该职业介绍人当前已是“{status}”状态，无需更改', params: ['status'] },
});
