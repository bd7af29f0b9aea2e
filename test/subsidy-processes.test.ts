/**
 * The training subsidy and referral payout workflows on the time-skipping server, with
 * their activities as recording test doubles (the workflow's decisions are under test; the
 * eligibility rules themselves live in the activities and are tested in referrals.e2e.ts).
 * Both hand their claim to the shared claimApproval child workflow.
 */
import { addDays, addMonths } from '../workflows/calendar.js';
import {
  approveClaimUpdate,
  ClaimApprovalInput,
  claimWorkflowId,
  contractSignedSignal,
  courseCompletedSignal,
  placementContractedSignal,
  placementEndedSignal,
  ReferralPayoutInput,
  referralStateQuery,
  TrainingSubsidyInput,
  trainingStateQuery,
} from '../workflows/definitions.js';
import { type Answer, type Call, nothing, workflowTests } from './support/workflows.js';

const wf = workflowTests();
const today = wf.today;

/** Both processes' activities (and the approval child's), recorded; `answers` replace the default answers. */
async function worker(answers: Record<string, Answer> = {}) {
  let nextClaim = 100;
  const approval = async (claimId: number): Promise<ClaimApprovalInput> => ({
    claimId,
    kind: 'training',
    amountFen: 60000,
    preparedBy: 'cw.wang',
    secondApprovalThresholdFen: 100000,
    decisionDueAt: new Date((await wf.env.currentTimeMs()) + 30 * 86_400_000).toISOString(),
  });
  const {
    worker: w,
    calls,
    start,
  } = await wf.recordingWorker('subsidy', {
    recordTrainingOutcome: nothing,
    classStartReportFinding: () => null,
    findQualifyingPlacement: () => null,
    noteUncountedPlacements: () => null,
    lapseTrainingSubsidy: (a) => a.reason,
    prepareTrainingClaim: async () => ({ claimId: ++nextClaim, approval: await approval(nextClaim) }),
    contractOf: () => null,
    assessReferral: () => [],
    stillEmployed: () => true,
    recordReferralOutcome: nothing,
    prepareReferralClaim: async () => ({ claimId: ++nextClaim, approval: await approval(nextClaim) }),
    recordClaimDecision: nothing,
    flagClaimOverdue: nothing,
    recordPayout: (a) => ({ payoutId: 1, paidOn: '2026-11-23', reference: `ZF-${a.claimId}` }),
    issueClaimNotice: () => ({ documentId: 1 }),
    ...answers,
  });
  return { w, start, calls };
}

/** Finance approves the child claim workflow as soon as the parent has started it. */
async function approveWhenStarted(claimId: number): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await wf.env.client.workflow
        .getHandle(claimWorkflowId(claimId))
        .executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
      return;
    } catch (err) {
      if (i > 100 || (err as Error).name !== 'WorkflowNotFoundError') throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
const names = (calls: Call[]) => calls.map((c) => c.name);

async function training(partial: Partial<TrainingSubsidyInput> = {}, answers: Record<string, Answer> = {}) {
  const { w, start, calls } = await worker(answers);
  const t = await today();
  const input: TrainingSubsidyInput = {
    enrollmentId: 1,
    workerId: 5,
    courseId: 3,
    courseStartDate: addDays(t, -7),
    courseEndDate: t,
    orderingEmployerId: null,
    windowMonths: 6,
    ...partial,
  };
  const handle = await start('trainingSubsidy', input);
  return { w, handle, calls, input };
}

describe('training subsidy', () => {
  it('completed and placed: a claim is prepared, approved by finance, paid', async () => {
    const { w, handle, calls } = await training();
    const result = await w.runUntil(async () => {
      await handle.signal(courseCompletedSignal, { completed: true, reason: null });
      await wf.env.sleep('30 days');
      expect((await handle.query(trainingStateQuery)).stage).toBe('awaiting_placement');
      await handle.signal(placementContractedSignal, {
        placementId: 9,
        employerId: 4,
        startDate: addDays(await today(), -2),
      });
      await approveWhenStarted(101);
      return handle.result();
    });
    expect(result).toMatchObject({ stage: 'claimed', placementId: 9, claimId: 101, claimStatus: 'paid' });
    expect(names(calls)).toContain('recordPayout');
  });

  it('a subsidised course without its 开班报告 approved before it started: not eligible with the finding, no claim', async () => {
    const finding = '该班开班前未经审核批准开班报告，不能申领培训补贴';
    const { w, handle, calls } = await training(
      { classStartReportRequired: true },
      { classStartReportFinding: () => finding },
    );
    const result = await w.runUntil(async () => {
      await handle.signal(courseCompletedSignal, { completed: true, reason: null });
      return handle.result();
    });
    expect(result).toMatchObject({ stage: 'not_eligible', reason: finding });
    expect(names(calls)).toEqual(['classStartReportFinding', 'recordTrainingOutcome']);
    expect(calls[0].args).toEqual({ courseId: 3 });
    expect(calls[1].args).toMatchObject({ stage: 'not_eligible', reason: finding });
  });

  it('the 开班报告 approved in time: the process goes on to wait for the placement; one started without the rule is not asked', async () => {
    for (const required of [true, false]) {
      const { w, handle, calls } = await training({ classStartReportRequired: required });
      await w.runUntil(async () => {
        await handle.signal(courseCompletedSignal, { completed: true, reason: null });
        await wf.env.sleep('1 day');
        expect((await handle.query(trainingStateQuery)).stage).toBe('awaiting_placement');
        await handle.terminate();
      });
      expect(names(calls).includes('classStartReportFinding')).toBe(required);
    }
  });

  it('not completed: ends not_eligible with the reason, no claim', async () => {
    const { w, handle, calls } = await training();
    const result = await w.runUntil(async () => {
      await handle.signal(courseCompletedSignal, { completed: false, reason: 'attendance 8/14 is below 80%' });
      return handle.result();
    });
    expect(result).toMatchObject({ stage: 'not_eligible', reason: 'attendance 8/14 is below 80%' });
    expect(names(calls)).toEqual(['recordTrainingOutcome']);
  });

  it('no placement within the window: lapsed after six months, with the notice', async () => {
    const { w, handle, calls, input } = await training();
    const wall = Date.now();
    const result = await w.runUntil(async () => {
      await handle.signal(courseCompletedSignal, { completed: true, reason: null });
      return handle.result();
    });
    expect(result.stage).toBe('lapsed');
    expect(result.windowEnds).toBe(addMonths(input.courseEndDate, 6));
    expect(names(calls)).toEqual([
      'recordTrainingOutcome',
      'findQualifyingPlacement',
      'noteUncountedPlacements',
      'lapseTrainingSubsidy',
    ]);
    expect(Date.now() - wall).toBeLessThan(30_000);
  });

  it('placed before the course ended: the existing placement is picked up at completion', async () => {
    const { w, handle, calls } = await training(
      {},
      {
        findQualifyingPlacement: async () => ({ placementId: 8, employerId: 4, startDate: addDays(await today(), -3) }),
      },
    );
    const result = await w.runUntil(async () => {
      await handle.signal(courseCompletedSignal, { completed: true, reason: null });
      await approveWhenStarted(101);
      return handle.result();
    });
    expect(result).toMatchObject({ stage: 'claimed', placementId: 8 });
    expect(calls.find((c) => c.name === 'prepareTrainingClaim')!.args).toEqual({ enrollmentId: 1, placementId: 8 });
  });

  it('order course placed with the wrong employer: ignored, and the window lapses', async () => {
    const { w, handle } = await training({ orderingEmployerId: 42 });
    const result = await w.runUntil(async () => {
      await handle.signal(courseCompletedSignal, { completed: true, reason: null });
      await handle.signal(placementContractedSignal, { placementId: 9, employerId: 41, startDate: await today() });
      await wf.env.sleep('10 days');
      expect((await handle.query(trainingStateQuery)).stage).toBe('awaiting_placement');
      return handle.result();
    });
    expect(result.stage).toBe('lapsed');
    expect(result.reason).toMatch(/下单用工单位/);
  });

  it('order course placed with another employer: why it does not count is recorded while it waits, and kept when the window lapses', async () => {
    const why = '大连乙公司（2026-12-02上岗）的就业不计入培训补贴：用工单位不是本定单培训班的订单单位（大连甲公司）';
    const lapsed = `补贴期限届满，没有在订单单位大连甲公司签订劳动合同的就业；${why}`;
    let placed = false;
    const { w, handle, calls } = await training(
      { orderingEmployerId: 42 },
      {
        // As the real activity: nothing to say until a placement with another employer has its contract.
        noteUncountedPlacements: () => (placed ? `${why}。仍在等待` : null),
        lapseTrainingSubsidy: async () => lapsed,
      },
    );
    const result = await w.runUntil(async () => {
      await handle.signal(courseCompletedSignal, { completed: true, reason: null });
      await wf.env.sleep('5 days');
      expect((await handle.query(trainingStateQuery)).reason).toBeNull();
      placed = true;
      await handle.signal(placementContractedSignal, { placementId: 9, employerId: 41, startDate: await today() });
      await wf.env.sleep('10 days');
      const waiting = await handle.query(trainingStateQuery);
      expect(waiting).toMatchObject({ stage: 'awaiting_placement', reason: `${why}。仍在等待`, placementId: null });
      return handle.result();
    });
    expect(result).toMatchObject({ stage: 'lapsed', reason: lapsed, claimId: null });
    const notes = calls.filter((c) => c.name === 'noteUncountedPlacements');
    expect(notes).toHaveLength(2); // when the wait began, and when the placement's contract was announced
    expect(notes[1].args).toMatchObject({ enrollmentId: 1, workerId: 5, employerId: 42 });
  });

  it('a placement starting after the window is ignored', async () => {
    const { w, handle } = await training({ windowMonths: 1 });
    const result = await w.runUntil(async () => {
      await handle.signal(courseCompletedSignal, { completed: true, reason: null });
      await handle.signal(placementContractedSignal, {
        placementId: 9,
        employerId: 4,
        startDate: addMonths(await today(), 2),
      });
      return handle.result();
    });
    expect(result.stage).toBe('lapsed');
  });
});

async function referral(partial: Partial<ReferralPayoutInput> = {}, answers: Record<string, Answer> = {}) {
  const { w, start, calls } = await worker(answers);
  const input: ReferralPayoutInput = {
    placementId: 9,
    brokerId: 2,
    workerId: 5,
    amountFen: 8000,
    minContractMonths: 12,
    repeatWindowMonths: 12,
    retentionDays: 0,
    ...partial,
  };
  const handle = await start('referralPayout', input);
  return { w, handle, calls };
}

describe('referral payout', () => {
  it('eligible: a referral claim for the policy amount goes through finance to payment', async () => {
    const { w, handle, calls } = await referral();
    const result = await w.runUntil(async () => {
      await wf.env.sleep('5 days');
      await handle.signal(contractSignedSignal, { signedOn: await today() });
      await approveWhenStarted(101);
      return handle.result();
    });
    expect(result).toMatchObject({ stage: 'claimed', claimId: 101, claimStatus: 'paid' });
    expect(calls.find((c) => c.name === 'prepareReferralClaim')!.args).toEqual({ placementId: 9, amountFen: 8000 });
    expect(calls.find((c) => c.name === 'assessReferral')!.args).toEqual({
      placementId: 9,
      minContractMonths: 12,
      repeatWindowMonths: 12,
    });
  });

  it('ineligible: every reason the assessment gives is recorded, no claim', async () => {
    const reasons = [
      'the worker was not in the laid-off/unemployed category (下岗失业) at placement',
      'the contract term (6 months) is under 12 months',
    ];
    const { w, handle, calls } = await referral({}, { assessReferral: async () => reasons });
    const result = await w.runUntil(async () => {
      await handle.signal(contractSignedSignal, { signedOn: await today() });
      return handle.result();
    });
    expect(result).toMatchObject({ stage: 'ineligible', reasons });
    expect(names(calls)).not.toContain('prepareReferralClaim');
  });

  it('a repeat found when the claim is written (another referral of the worker claimed meanwhile): ineligible with that reason, no claim', async () => {
    const reason = '该人员已有职业介绍补贴申请补〔2026〕3号（上岗日期2026-03-01，待审批）……';
    const { w, handle, calls } = await referral(
      { retentionDays: 30 },
      { prepareReferralClaim: async () => ({ ineligible: [reason] }) },
    );
    const result = await w.runUntil(async () => {
      await handle.signal(contractSignedSignal, { signedOn: await today() });
      return handle.result();
    });
    expect(result).toMatchObject({ stage: 'ineligible', reasons: [reason], claimId: null });
    expect(names(calls)).not.toContain('recordClaimDecision');
  });

  it('placement ended before a contract: ends with that reason, no claim', async () => {
    const { w, handle, calls } = await referral();
    const result = await w.runUntil(async () => {
      await wf.env.sleep('40 days');
      await handle.signal(placementEndedSignal, { endDate: await today() });
      return handle.result();
    });
    expect(result.stage).toBe('ended');
    expect(names(calls)).not.toContain('assessReferral');
  });

  it('retention check passes: still employed N days after signing → claim', async () => {
    const { w, handle, calls } = await referral({ retentionDays: 30 });
    await w.runUntil(async () => {
      await handle.signal(contractSignedSignal, { signedOn: await today() });
      await wf.env.sleep('10 days');
      expect((await handle.query(referralStateQuery)).stage).toBe('retention_check');
      await wf.env.sleep('25 days');
      await approveWhenStarted(101);
      await handle.result();
    });
    const check = calls.find((c) => c.name === 'stillEmployed')!;
    expect(check.args.onDate).toEqual(expect.any(String));
    expect(names(calls)).toContain('prepareReferralClaim');
  });

  it('retention check fails: left before N days → ineligible with the reason', async () => {
    const { w, handle, calls } = await referral({ retentionDays: 30 }, { stillEmployed: async () => false });
    const result = await w.runUntil(async () => {
      await handle.signal(contractSignedSignal, { signedOn: await today() });
      return handle.result();
    });
    expect(result.stage).toBe('ineligible');
    expect(result.reasons[0]).toMatch(/签订合同30天后该人员已不在此岗位就业/);
    expect(names(calls)).not.toContain('prepareReferralClaim');
  });

  it('a contract recorded before the process looked is picked up at once', async () => {
    const { w, handle } = await referral(
      {},
      { contractOf: async () => ({ signedOn: '2026-01-05' }), assessReferral: async () => ['x'] },
    );
    const result = await w.runUntil(() => handle.result());
    expect(result).toMatchObject({ stage: 'ineligible', signedOn: '2026-01-05' });
  });
});
