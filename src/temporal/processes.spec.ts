import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CaseErrors } from '../cases/cases.errors.js';
import { CaseRefusals } from '../../workflows/refusals.js';
import { processFailure } from './processes.js';

const answers = { refused: () => CaseErrors.PROCESS_REFUSED(), finished: () => CaseErrors.NO_PROCESS() };

describe("Temporal's failures as the API's answers, written once", () => {
  it("a validator's refusal is answered as its catalogue has it; a failure without a code is the caller's refusal", () => {
    const refusal = processFailure(new WorkflowUpdateFailedError('update failed', CaseRefusals.NOT_CLOSED()), answers);
    expect(refusal).toMatchObject({
      code: 'CASE.NOT_CLOSED',
      status: 409,
      message: CaseRefusals.NOT_CLOSED.entry.message,
    });
    const uncoded = processFailure(
      new WorkflowUpdateFailedError(
        'update failed',
        ApplicationFailure.nonRetryable('stage does not allow it', 'Error'),
      ),
      answers,
    );
    expect(uncoded).toMatchObject({ code: 'CASE.PROCESS_REFUSED', status: 409 });
    expect(uncoded.message).toBe(CaseErrors.PROCESS_REFUSED.entry.message);
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
    const own = CaseErrors.NOT_FOUND();
    expect(processFailure(own, answers)).toBe(own);
  });
});
