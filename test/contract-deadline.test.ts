/**
 * The contract-deadline workflow on Temporal's time-skipping server: 15-day timers run
 * in seconds. Activities are recorded by test doubles here (the workflow's decisions are
 * under test); placements.e2e.ts runs the same workflow with the real activities.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { addDays } from '../workflows/calendar.js';
import {
  contractSignedUpdate,
  contractStateQuery,
  ContractDeadlineInput,
  employmentEndedUpdate,
} from '../workflows/definitions.js';
import { type Call, keepHistory, nothing, workflowTests } from './support/workflows.js';

const wf = workflowTests();

/** Runs one to its end; `history` names it among the recorded histories the replay test replays. */
async function run(
  input: Partial<ContractDeadlineInput>,
  drive: (h: Awaited<ReturnType<typeof start>>['handle'], calls: Call[]) => Promise<void> = async () => {},
  history?: string,
) {
  return start(input).then(async ({ worker, handle, calls }) => {
    const result = await worker.runUntil(async () => {
      await drive(handle, calls);
      return handle.result();
    });
    if (history) await keepHistory(handle, history);
    return { result, calls };
  });
}

async function start(partial: Partial<ContractDeadlineInput>) {
  const {
    worker,
    calls,
    start: startOn,
  } = await wf.recordingWorker('contract', {
    sendContractReminder: () => ({ documentId: 2 }),
    markContractOverdue: () => ({ caseId: 77, documentId: 1 }),
    markContractSigned: nothing,
    markPlacementEnded: nothing,
    announceContract: nothing,
    announcePlacementEnded: nothing,
  });
  const input: ContractDeadlineInput = {
    placementId: 1,
    startDate: await wf.today(),
    deadlineDays: 15,
    reminderDaysBefore: 3,
    rectifyDays: 10,
    ...partial,
  };
  const handle = await startOn('contractDeadline', input);
  return { worker, handle, calls, input };
}

// The announcements to dependent processes are checked once below; elsewhere only the decisions.
const names = (calls: Call[]) => calls.map((c) => c.name).filter((n) => !n.startsWith('announce'));

it('never signed: a reminder, then at the deadline overdue with a case — 15 days in seconds of wall time', async () => {
  const wall = Date.now();
  const { result, calls } = await run(
    {},
    async (h) => {
      await wf.env.sleep('20 days');
      const s = await h.query(contractStateQuery);
      expect(s.stage).toBe('overdue');
      expect(s.caseId).toBe(77);
      await h.executeUpdate(employmentEndedUpdate, {
        args: [{ endDate: addDays(await wf.today(), -1), reason: '离职' }],
      });
    },
    'contract-deadline-overdue-ended',
  );
  expect(names(calls)).toEqual(['sendContractReminder', 'markContractOverdue', 'markPlacementEnded']);
  expect(result.stage).toBe('ended');
  // The wiring proof the harness asks for: a 15-day timer must not take real days.
  expect(Date.now() - wall).toBeLessThan(30_000);
});

it('signed in time: no reminder, no overdue; the update returns the new state; waiting processes are told', async () => {
  const { result, calls } = await run(
    {},
    async (h) => {
      await wf.env.sleep('2 days');
      const state = await h.executeUpdate(contractSignedUpdate, {
        args: [{ contractId: 5, signedOn: await wf.today() }],
      });
      expect(state.stage).toBe('contract_signed');
    },
    'contract-deadline-signed-in-time',
  );
  expect(names(calls)).toEqual(['markContractSigned']);
  expect(calls.map((c) => c.name)).toEqual(['markContractSigned', 'announceContract']);
  expect(result.stage).toBe('contract_signed');
});

it('reminder fires at 09:00 Shanghai time three days before the deadline, with 3 days left', async () => {
  const { calls } = await run({}, async (h) => {
    await wf.env.sleep('13 days');
    await h.executeUpdate(contractSignedUpdate, {
      args: [{ contractId: 5, signedOn: await wf.today() }],
    });
  });
  const reminder = calls.find((c) => c.name === 'sendContractReminder')!;
  expect(reminder.args.daysLeft).toBe(3);
  const at = new Date(reminder.at + 8 * 3_600_000);
  expect(at.getUTCHours()).toBe(9);
  expect(names(calls)).toEqual(['sendContractReminder', 'markContractSigned']);
});

it('signed late: closes the wait after the overdue step and passes the case to be noted', async () => {
  const { result, calls } = await run(
    {},
    async (h) => {
      await wf.env.sleep('18 days');
      expect((await h.query(contractStateQuery)).stage).toBe('overdue');
      await h.executeUpdate(contractSignedUpdate, {
        args: [{ contractId: 9, signedOn: await wf.today() }],
      });
    },
    'contract-deadline-signed-late',
  );
  expect(names(calls)).toEqual(['sendContractReminder', 'markContractOverdue', 'markContractSigned']);
  expect(calls[2].args.caseId).toBe(77);
  expect(result.stage).toBe('contract_signed');
});

it('ended early: stops cleanly with no reminder and no case', async () => {
  const { result, calls } = await run(
    {},
    async (h) => {
      await wf.env.sleep('5 days');
      await h.executeUpdate(employmentEndedUpdate, {
        args: [{ endDate: await wf.today(), reason: '试用期内离职' }],
      });
      await wf.env.sleep('30 days');
    },
    'contract-deadline-ended-early',
  );
  expect(names(calls)).toEqual(['markPlacementEnded']);
  expect(result.stage).toBe('ended');
});

it('registered already overdue: a start date 20 days ago is overdue at once, without a reminder', async () => {
  const { calls } = await run({ startDate: addDays(await wf.today(), -20) }, async (h) => {
    await wf.env.sleep('1 hour');
    expect((await h.query(contractStateQuery)).stage).toBe('overdue');
    await h.executeUpdate(employmentEndedUpdate, {
      args: [{ endDate: await wf.today(), reason: 'x' }],
    });
  });
  expect(names(calls)).toEqual(['markContractOverdue', 'markPlacementEnded']);
});

it('registered inside the reminder window: reminds at once with the days actually left', async () => {
  const { calls } = await run({ startDate: addDays(await wf.today(), -14) }, async (h) => {
    await wf.env.sleep('1 hour');
    await h.executeUpdate(contractSignedUpdate, {
      args: [{ contractId: 1, signedOn: await wf.today() }],
    });
  });
  expect(names(calls)).toEqual(['sendContractReminder', 'markContractSigned']);
  expect(calls[0].args.daysLeft).toBe(1);
});

it('keeps the rules it started under: a 20-day policy run is not overdue on day 17', async () => {
  await run({ deadlineDays: 20 }, async (h) => {
    await wf.env.sleep('17 days');
    const s = await h.query(contractStateQuery);
    expect(s.stage).toBe('awaiting_contract');
    expect(s.deadlineDays).toBe(20);
    await h.executeUpdate(contractSignedUpdate, {
      args: [{ contractId: 1, signedOn: await wf.today() }],
    });
  });
});

it('refuses, at once and with the reason, a contract before the start and an end before the start; nothing recorded', async () => {
  const { calls } = await run({}, async (h) => {
    const today = await wf.today();
    const early = await h
      .executeUpdate(contractSignedUpdate, { args: [{ contractId: 1, signedOn: addDays(today, -3) }] })
      .catch((e) => e);
    expect(early).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(early.cause).toMatchObject({
      type: 'PLACEMENT.SIGNED_BEFORE_START',
      message: expect.stringMatching(/不能早于上岗日期/),
    });
    const end = await h
      .executeUpdate(employmentEndedUpdate, { args: [{ endDate: addDays(today, -1), reason: 'x' }] })
      .catch((e) => e);
    expect(end).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await h.query(contractStateQuery)).stage).toBe('awaiting_contract');
    await h.executeUpdate(contractSignedUpdate, { args: [{ contractId: 1, signedOn: today }] });
  });
  expect(names(calls)).toEqual(['markContractSigned']);
});

it('a second contract after the first is refused: the process has finished', async () => {
  await run({}, async (h) => {
    const today = await wf.today();
    await h.executeUpdate(contractSignedUpdate, { args: [{ contractId: 1, signedOn: today }] });
    await h.result();
    await expect(
      h.executeUpdate(contractSignedUpdate, { args: [{ contractId: 2, signedOn: today }] }),
    ).rejects.toThrow();
  });
});
