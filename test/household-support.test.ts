/**
 * The zero-employment household processes on the time-skipping server: the
 * contact-card request's one-week promise (day-5 reminder, day-8 breach) and the household's
 * support run (card, monthly visits with a reminder before each, cleared by a member's work,
 * a new run when it falls back). Activities are recording doubles; the real ones run in
 * households.e2e.ts.
 */
import { addDays, daysBetween } from '../workflows/calendar.js';
import {
  answerContactRequestUpdate,
  ContactRequestInput,
  contactRequestStateQuery,
  householdClearedSignal,
  HouseholdSupportInput,
  householdStateQuery,
  recordHouseholdVisitUpdate,
  rightsCaseAcknowledgedSignal,
} from '../workflows/definitions.js';
import { type Call, keepHistory, nothing, of, refusal, workflowTests } from './support/workflows.js';

const wf = workflowTests();
const today = wf.today;

/** A recording worker for both processes; a second one on the same queue records into the same calls. */
async function worker(taskQueue?: string, calls?: Call[]) {
  const w = await wf.recordingWorker(
    'household',
    {
      issueContactCard: (a) => ({
        documentId: 100 + Number(a.episode),
        cardNumber: `LXK-T-${a.householdId}-${a.episode}`,
      }),
      scheduleHouseholdVisit: nothing,
      remindHouseholdVisit: nothing,
      flagHouseholdVisitMissed: nothing,
      recordHouseholdVisit: nothing,
      recordHouseholdCleared: nothing,
      recordContactRequestAnswer: nothing,
      remindContactRequest: nothing,
      flagContactRequestBreach: nothing,
    },
    { taskQueue, calls },
  );
  return { w: w.worker, calls: w.calls, taskQueue: w.taskQueue, start: w.start };
}
type Start = Awaited<ReturnType<typeof worker>>['start'];

async function startRequest(start: Start, partial: Partial<ContactRequestInput> = {}) {
  const input: ContactRequestInput = {
    requestId: 7,
    receivedOn: await today(),
    answerDays: 7,
    reminderDaysBefore: 2,
    ...partial,
  };
  return start('contactRequest', input, String(input.requestId));
}

async function startHousehold(start: Start, partial: Partial<HouseholdSupportInput> = {}) {
  const input: HouseholdSupportInput = {
    householdId: 5,
    episode: 1,
    foundOn: await today(),
    visitIntervalDays: 30,
    visitReminderDaysBefore: 3,
    ...partial,
  };
  return start('householdSupport', input, `${input.householdId}-${input.episode}`);
}

describe('contact-card request (one week)', () => {
  it('answered on day 3: recorded in time, no reminder after the answer, no breach', async () => {
    const { w, calls, start } = await worker();
    const handle = await startRequest(start);
    const received = await today();
    const result = await w.runUntil(async () => {
      await wf.env.sleep('3 days');
      const s = await handle.executeUpdate(answerContactRequestUpdate, {
        args: [{ by: 'cw', offered: '推荐公益性岗位：社区保洁', accepted: true }],
      });
      expect(s.stage).toBe('answered');
      return handle.result();
    });
    await keepHistory(handle, 'contact-request-answered');
    expect(result.answer?.answeredOn).toBe(addDays(received, 3));
    expect(result.dueOn).toBe(addDays(received, 7));
    expect(of(calls, 'recordContactRequestAnswer')).toHaveLength(1);
    expect(of(calls, 'remindContactRequest')).toHaveLength(0);
    expect(of(calls, 'flagContactRequestBreach')).toHaveLength(0);
  });

  it('closing without an answer is refused (nothing recorded)', async () => {
    const { w, calls, start } = await worker();
    const handle = await startRequest(start);
    await w.runUntil(async () => {
      expect(
        await refusal(
          handle.executeUpdate(answerContactRequestUpdate, { args: [{ by: 'cw', offered: ' ', accepted: true }] }),
        ),
      ).toMatch(/^CONTACT_REQUEST\.OFFER_REQUIRED /);
      expect((await handle.query(contactRequestStateQuery)).stage).toBe('open');
      await handle.terminate('test done');
    });
    expect(of(calls, 'recordContactRequestAnswer')).toHaveLength(0);
  });

  it('unanswered: reminder to the assignee on day 5, breach flagged on day 8; a late answer still closes it', async () => {
    const { w, calls, start } = await worker();
    const received = await today();
    const handle = await startRequest(start);
    const result = await w.runUntil(async () => {
      await wf.env.sleep('4 days');
      expect(of(calls, 'remindContactRequest')).toHaveLength(0);
      await wf.env.sleep('2 days');
      expect(of(calls, 'remindContactRequest')).toHaveLength(1);
      expect(of(calls, 'flagContactRequestBreach')).toHaveLength(0);
      await wf.env.sleep('3 days');
      expect(of(calls, 'flagContactRequestBreach')).toHaveLength(1);
      expect((await handle.query(contactRequestStateQuery)).breachedAt).not.toBeNull();
      await handle.executeUpdate(answerContactRequestUpdate, {
        args: [{ by: 'cw', offered: '免费电焊培训班名额', accepted: false }],
      });
      return handle.result();
    });
    await keepHistory(handle, 'contact-request-breached-answered-late');
    expect(daysBetween(received, of(calls, 'remindContactRequest')[0].on)).toBe(5);
    expect(new Date(of(calls, 'remindContactRequest')[0].at).getUTCHours()).toBe(1); // 09:00 Asia/Shanghai
    expect(daysBetween(received, of(calls, 'flagContactRequestBreach')[0].on)).toBe(8);
    expect(result.stage).toBe('answered');
    expect(result.answer?.answeredOn).toBe(addDays(received, 9));
  });

  it('a rights problem counts as answered when its case is acknowledged', async () => {
    const { w, calls, start } = await worker();
    const handle = await startRequest(start, { requestId: 8 });
    const result = await w.runUntil(async () => {
      await wf.env.sleep('1 day');
      await handle.signal(rightsCaseAcknowledgedSignal, { caseId: 42, by: 'cw-case' });
      return handle.result();
    });
    expect(result.answer).toMatchObject({ caseId: 42, by: 'cw-case', accepted: true });
    expect(of(calls, 'remindContactRequest')).toHaveLength(0);
  });
});

describe('household support (one run per zero-employment episode)', () => {
  it('issues the card, schedules monthly visits and reminds the caseworker 3 days before each', async () => {
    const { w, calls, start } = await worker();
    const found = await today();
    const handle = await startHousehold(start);
    await w.runUntil(async () => {
      await wf.env.sleep('1 day');
      const s = await handle.query(householdStateQuery);
      expect(s.card).toEqual({ documentId: 101, cardNumber: `LXK-T-5-1` });
      expect(s.nextVisitDue).toBe(addDays(found, 30));
      // First reminder on day 27; the caseworker visits on day 28.
      await wf.env.sleep('27 days');
      expect(of(calls, 'remindHouseholdVisit')).toHaveLength(1);
      await handle.executeUpdate(recordHouseholdVisitUpdate, {
        args: [{ visitedOn: await today(), by: 'cw', offered: ['training', 'public_post'], note: '户主愿意参加培训' }],
      });
      const after = await handle.query(householdStateQuery);
      expect(after.nextVisitDue).toBe(addDays(found, 58));
      // Second month: reminder on day 55, visit on day 56.
      await wf.env.sleep('28 days');
      expect(of(calls, 'remindHouseholdVisit')).toHaveLength(2);
      await handle.executeUpdate(recordHouseholdVisitUpdate, {
        args: [{ visitedOn: await today(), by: 'cw', offered: ['referral'], note: '' }],
      });
      // Third month not visited: reminded, then flagged missed, and the next one is scheduled.
      await wf.env.sleep('32 days');
      expect(of(calls, 'flagHouseholdVisitMissed')).toHaveLength(1);
      // Recorded while it still runs: two visits, one missed, waiting for the fourth.
      await keepHistory(handle, 'household-support-visited-missed-running');
      await handle.terminate('test done');
    });
    const reminders = of(calls, 'remindHouseholdVisit');
    expect(reminders.map((c) => c.args.dueOn)).toEqual([addDays(found, 30), addDays(found, 58), addDays(found, 86)]);
    for (const r of reminders) expect(daysBetween(r.on, r.args.dueOn as string)).toBe(3);
    expect(of(calls, 'recordHouseholdVisit')).toHaveLength(2);
    expect(of(calls, 'flagHouseholdVisitMissed')[0].args.dueOn).toBe(addDays(found, 86));
    expect(of(calls, 'issueContactCard')).toHaveLength(1);
  });

  it("a member's placement clears the household and ends its visits", async () => {
    const { w, calls, start } = await worker();
    const found = await today();
    const handle = await startHousehold(start);
    const result = await w.runUntil(async () => {
      await wf.env.sleep('40 days');
      expect(of(calls, 'remindHouseholdVisit')).toHaveLength(1);
      await handle.signal(householdClearedSignal, {
        clearedOn: await today(),
        measure: 'referral',
        cause: '成员就业：输出登记 #9',
        placementId: 9,
      });
      return handle.result();
    });
    await keepHistory(handle, 'household-support-cleared');
    expect(result.stage).toBe('cleared');
    expect(result.cleared).toMatchObject({ clearedOn: addDays(found, 40), measure: 'referral', placementId: 9 });
    expect(result.nextVisitDue).toBeNull();
    expect(of(calls, 'recordHouseholdCleared')).toHaveLength(1);
    const n = calls.length;
    await wf.env.sleep('60 days');
    expect(calls.length).toBe(n);
    // The run has ended: nothing can be recorded on it.
    await expect(
      handle.executeUpdate(recordHouseholdVisitUpdate, {
        args: [{ visitedOn: await today(), by: 'cw', offered: [], note: '' }],
      }),
    ).rejects.toThrow();
  });

  it('a household that falls back starts a new run (episode 2) beside the finished one; a second open run is refused', async () => {
    const { w, calls, start, taskQueue } = await worker();
    const first = await startHousehold(start, { householdId: 6, episode: 1 });
    const r1 = await w.runUntil(async () => {
      await wf.env.sleep('10 days');
      await first.signal(householdClearedSignal, {
        clearedOn: await today(),
        measure: 'public_post',
        cause: '公益性岗位',
        placementId: null,
      });
      return first.result();
    });
    expect(r1.stage).toBe('cleared');
    await wf.env.sleep('90 days');
    const second = await startHousehold(start, { householdId: 6, episode: 2 });
    // The same episode cannot run twice.
    await expect(startHousehold(start, { householdId: 6, episode: 2 })).rejects.toThrow(/already started/i);
    // A worker runs once: a new one on the same queue, recording into the same list.
    const { w: w2 } = await worker(taskQueue, calls);
    await w2.runUntil(async () => {
      await wf.env.sleep('1 day');
      const s = await second.query(householdStateQuery);
      expect(s).toMatchObject({ episode: 2, stage: 'supporting', card: { cardNumber: 'LXK-T-6-2' } });
      await second.signal(householdClearedSignal, {
        clearedOn: await today(),
        measure: 'own_business',
        cause: '自主创业',
        placementId: null,
      });
      await second.result();
    });
    await keepHistory(second, 'household-support-fallen-back-episode-2');
    expect(of(calls, 'issueContactCard').map((c) => c.args.episode)).toEqual([1, 2]);
    expect(of(calls, 'recordHouseholdCleared').map((c) => c.args.measure)).toEqual(['public_post', 'own_business']);
  });
  it('five years of monthly visits: the run continues as new each year, carrying the card and where the visits stand; no history grows long', async () => {
    const { w, calls, start } = await worker();
    const found = await today();
    const handle = await startHousehold(start, { householdId: 8 });
    const lengths: number[] = [];
    await w.runUntil(async () => {
      for (let month = 1; month <= 60; month++) {
        await wf.env.sleep('28 days');
        await handle.executeUpdate(recordHouseholdVisitUpdate, {
          args: [{ visitedOn: await today(), by: 'cw', offered: ['training'], note: `第${month}次回访` }],
        });
        if (month % 12 === 0) lengths.push((await handle.describe()).historyLength);
      }
      const s = await handle.query(householdStateQuery);
      expect(s.run).toBe(5);
      expect(s.card).toEqual({ documentId: 101, cardNumber: 'LXK-T-8-1' });
      // The last 24 carried over, and this year's since.
      expect(s.visits.length).toBeLessThanOrEqual(24 + 13);
      expect(s.visits.at(-1)?.note).toBe('第60次回访');
      expect(s.nextVisitDue).toBe(addDays(await today(), 30));
      await keepHistory(handle, 'household-support-continued-fifth-year-running');
      await handle.terminate('test done');
    });
    // One card for the episode, every visit recorded once with its own sequence number.
    expect(of(calls, 'issueContactCard')).toHaveLength(1);
    const seqs = of(calls, 'recordHouseholdVisit').map((c) => c.args.seq);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(of(calls, 'flagHouseholdVisitMissed')).toHaveLength(0);
    // Each year's run holds a year of visits; without continuing, one history would hold all five.
    process.stdout.write(`household run history length at the end of each year: ${lengths.join(', ')}\n`);
    for (const n of lengths) expect(n).toBeLessThan(400);
    expect(daysBetween(found, await today())).toBe(60 * 28);
  });

  // Last in the file: after refused updates the time-skipping test server may not skip time again.
  it('refuses a visit dated before the household was found or in the future', async () => {
    const { w, calls, start } = await worker();
    const found = await today();
    const handle = await startHousehold(start);
    await w.runUntil(async () => {
      expect(
        await refusal(
          handle.executeUpdate(recordHouseholdVisitUpdate, {
            args: [{ visitedOn: addDays(found, -1), by: 'cw', offered: [], note: '' }],
          }),
        ),
      ).toMatch(/^HOUSEHOLD\.VISIT_BEFORE_FOUND /);
      expect(
        await refusal(
          handle.executeUpdate(recordHouseholdVisitUpdate, {
            args: [{ visitedOn: addDays(found, 1), by: 'cw', offered: [], note: '' }],
          }),
        ),
      ).toMatch(/^HOUSEHOLD\.VISIT_IN_FUTURE /);
      await handle.terminate('test done');
    });
    expect(of(calls, 'recordHouseholdVisit')).toHaveLength(0);
  });
});
