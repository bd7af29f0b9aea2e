import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { conflict, DomainError } from '../common/errors.js';
import { processFailure } from './processes.js';

const answers = { refused: 'CASE.REFUSED', finished: () => conflict('CASE.NO_PROCESS', '案件没有进行中的流程') };

describe("Temporal's failures as the API's answers, written once", () => {
  it("a validator's refusal is a 409 with its reason, coded by the caller when the failure has no code", () => {
    const e = processFailure(
      new WorkflowUpdateFailedError('update failed', ApplicationFailure.nonRetryable('该阶段不能转办', 'Error')),
      answers,
    );
    expect(e).toMatchObject({ code: 'CASE.REFUSED', status: 409, message: '该阶段不能转办' });
  });

  it("a refusal coded in its failure's type keeps that code and the fields of its detail", () => {
    const failure = ApplicationFailure.create({
      message: '该务工人员12个月内已有介绍补贴',
      type: 'REFERRAL.REPEAT',
      nonRetryable: true,
      details: [{ reason: '该务工人员12个月内已有介绍补贴', earlierClaim: { id: 7, number: 'JS-2026-0007' } }],
    });
    const e = processFailure(new WorkflowUpdateFailedError('update failed', failure), answers);
    expect(e).toMatchObject({ code: 'REFERRAL.REPEAT', status: 409 });
    expect(e.extra).toEqual({ earlierClaim: { id: 7, number: 'JS-2026-0007' } });
  });

  it("a process that is not running is the caller's answer", () => {
    const e = processFailure(new WorkflowNotFoundError('not found', 'case-1-escalation', undefined), answers);
    expect(e).toMatchObject({ code: 'CASE.NO_PROCESS', status: 409 });
  });

  it('anything else (unreachable, timed out) is a 503 TEMPORAL.UNAVAILABLE; a domain error passes through', () => {
    expect(processFailure(new Error('14 UNAVAILABLE: No connection established'), answers)).toMatchObject({
      code: 'TEMPORAL.UNAVAILABLE',
      status: 503,
    });
    const own = new DomainError('CASE.NOT_CLOSED', '只有已结案的案件才能重新开启', 409);
    expect(processFailure(own, answers)).toBe(own);
  });
});
