import { defineErrors } from '../common/errors.js';

/**
 * Rights cases (维权案件). What the escalation process refuses (a closed case, a step its stage
 * does not allow) is `CaseRefusals` in workflows/refusals.ts, thrown here too when the service
 * sees it first.
 */
export const CaseErrors = defineErrors('CASE', {
  NOT_FOUND: { status: 404, message: '没有这个案件' },
  EMPLOYER_REQUIRED: {
    status: 400,
    field: 'employerId',
    message: '多名务工人员的欠薪案件须填写他们共同的用工单位',
  },
  WORKER_UNKNOWN: { status: 400, field: 'workerIds', message: '所列务工人员中有人还没有登记，请先登记' },
  PLACEMENT_UNKNOWN: { status: 400, field: 'placementId', message: '没有这条就业登记' },
  PLACEMENT_NOT_OF_WORKERS: {
    status: 400,
    field: 'placementId',
    message: '这条就业登记不是本案务工人员的就业登记',
  },
  ASSIGNEE: { status: 400, field: 'assigneeId', message: '只能指派给在岗的经办人员' },
  ESCALATION_BEFORE_OPENING: {
    status: 400,
    field: 'escalatedOn',
    message: '立案（收件）日期不能早于本案登记日期（{openedOn}）',
    params: ['openedOn'],
  },
  NO_PROCESS: { status: 409, message: '该案件的办理流程已经结束，不能再办理此事项' },
  PROCESS_REFUSED: { status: 409, message: '案件流程没有接受这项办理，请刷新页面查看当前阶段后重试' },
  CHANGED: { status: 409, message: '该案件刚被他人修改，请刷新后重试' },
  ATTACHMENT_NOT_FOUND: { status: 404, message: '没有这个附件' },
});
