import { defineErrors } from '../common/errors.js';

/**
 * Registering a placement (输出登记), its contract and its end. The contract process' own
 * refusals (a contract twice, before the start date, after the end) are `ContractRefusals` in
 * workflows/refusals.ts, thrown here too when the service sees them first.
 */
export const PlacementErrors = defineErrors('PLACEMENT', {
  NOT_FOUND: { status: 404, message: '没有这条就业登记' },
  WORKER_EMPLOYED: {
    status: 409,
    message:
      '该人员已有未离职的就业登记（登记号 {placementId}，{employer}，{startDate} 上岗）：一人同时只能有一条未离职的就业登记。请先登记其离职，或在本次登记中填写原就业的离职日期和原因。',
    params: ['placementId', 'employer', 'startDate'],
    extra: ['openPlacement'],
  },
  START_TOO_LATE: { status: 400, field: 'startDate', message: '上岗日期不能晚于今天起180天' },
  BROKER_SUSPENDED: { status: 400, field: 'brokerId', message: '该职业介绍人已被暂停，不能推荐务工人员' },
  NOT_THE_OPEN_PLACEMENT: {
    status: 400,
    field: 'endPrevious.placementId',
    message: '不是该人员未离职的就业登记（应为登记号 {placementId}）',
    params: ['placementId'],
  },
  NO_OPEN_PLACEMENT: {
    status: 400,
    field: 'endPrevious.placementId',
    message: '该人员没有未离职的就业登记，无需填写原就业的离职信息',
  },
  PREVIOUS_END_BEFORE_START: {
    status: 400,
    field: 'endPrevious.endDate',
    message: '不能早于原就业的上岗日期（{startDate}）',
    params: ['startDate'],
  },
  PREVIOUS_END_AFTER_NEW_START: {
    status: 400,
    field: 'endPrevious.endDate',
    message: '不能晚于本次就业的上岗日期（{startDate}）',
    params: ['startDate'],
  },
  CONTRACT_TERM: { status: 400, field: 'termMonths', message: '请填写合同期限（月）或勾选无固定期限，二者选一' },
  CHANGED: { status: 409, message: '该就业登记刚被他人修改，请刷新后重试' },
  PROCESS_REFUSED: { status: 409, message: '合同跟踪流程没有接受这项办理，请刷新页面查看当前状态后重试' },
  PROCESS_FINISHED: { status: 409, message: '该就业登记的合同跟踪已经结束，不能再通过流程办理' },
  NO_CONTRACT_FILE: { status: 404, message: '该就业登记还没有上传劳动合同' },
});
