/**
 * The monthly figures of organised departures (by batch, destination and township) and of the
 * follow-up (coverage, problems found, cases opened from check-ins), over a data set of a
 * township of its own built through the real API and processes, so its figures are exact.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { employerBody, hanTag } from './support/fixtures.js';
import { newTownship, records, type Records } from './support/records.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
type Auth = { Authorization: string };
let cw: { auth: Auth; userId: number };
let township: { id: number; name: string };
let rec: Records;
const today = shanghaiToday();
const CM = today.slice(0, 7);
const contact = { emergencyName: '刘淑芬', emergencyRelation: '母亲', emergencyPhone: '13712345678' };

beforeAll(async () => {
  t = await createTestApp();
  cw = await t.login('caseworker');
  const admin = (await t.login('admin')).auth;
  township = await newTownship(t, admin);
  rec = records(t, cw.auth, { worker: { township: township.name } });
});
afterAll(() => t?.close());

const figures = async () =>
  (await t.http.get('/reports/monthly').set(cw.auth).query({ month: CM, township: township.id }).expect(200)).body;

it('organised placements by batch, destination and township: a batch of three, one staying behind', async () => {
  const before = await figures();
  expect(before.departures.month).toEqual({ batchesDeparted: 0, membersDeparted: 0, placements: 0 });
  const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
  const destination = `新疆阿克苏${hanTag(3)}`;
  const batch = (
    await t.http
      .post('/departure-batches')
      .set(cw.auth)
      .send({
        name: `采棉工${hanTag(3)}`,
        destination,
        departureDate: today,
        meetingPoint: '县汽车站',
        transport: 'chartered',
        leaderUserId: cw.userId,
        employerIds: [employer.id],
        job: '采棉工',
        monthlyWageFen: 450000,
      })
      .expect(201)
  ).body;
  const members: number[] = [];
  for (let i = 0; i < 3; i++) {
    const w = await rec.worker();
    const res = await t.http
      .post(`/departure-batches/${batch.id}/members`)
      .set(cw.auth)
      .send({ workerId: w.id, ...contact })
      .expect(201);
    members.push(res.body.members.at(-1).id);
  }
  await t.http
    .post(`/departure-batches/${batch.id}/departure`)
    .set(cw.auth)
    .send({ departedOn: today, memberIds: members.slice(0, 2) })
    .expect(200);
  await t.http
    .post(`/departure-batches/${batch.id}/arrival`)
    .set(cw.auth)
    .send({ arrivedOn: today, memberIds: members.slice(0, 2) })
    .expect(200);
  // A placement registered directly is organised too, but of no batch.
  await rec.placement({ organised: true });

  const f = await figures();
  expect(f.departures.month).toEqual({ batchesDeparted: 1, membersDeparted: 2, placements: 2 });
  expect(f.departures.yearToDate).toEqual({ batchesDeparted: 1, membersDeparted: 2, placements: 2 });
  expect(f.departures.byBatch).toEqual([{ id: batch.id, name: batch.name, destination, month: 2, yearToDate: 2 }]);
  expect(f.departures.byDestination).toEqual([{ destination, month: 2, yearToDate: 2 }]);
  expect(f.departures.byTownship).toEqual([
    { township: township.name, countyId: expect.any(Number), countyName: expect.any(String), month: 2, yearToDate: 2 },
  ]);
  expect(f.placements.month.organised - before.placements.month.organised).toBe(3);
});

it('follow-up coverage: check-ins due and done, an extra one, the problem found and the case it opened', async () => {
  const before = (await figures()).followUp;
  // Started a week ago: the first check-in (a week after the start) falls due today.
  const p1 = await rec.placement({ startDate: addDays(today, -7) });
  const p2 = await rec.placement({ startDate: addDays(today, -7) });
  for (const p of [p1, p2])
    await waitFor(
      async () => (await t.http.get(`/follow-ups/${p.id}`).set(cw.auth)).body.checkIns?.length > 0,
      'the first check-in to be planned',
    );
  const checkIn = {
    doneOn: today,
    method: 'phone',
    contractSigned: true,
    wagesOnTime: false,
    wagesInFull: false,
    housingOk: true,
    safetyOk: true,
    problems: ['wage_arrears'],
    amountOwedFen: 300000,
    workerWords: '上月工资没发',
  };
  const done = await t.http.post(`/follow-ups/${p1.id}/check-ins`).set(cw.auth).send(checkIn).expect(201);
  expect(done.body.seq).toBe(1);
  // A second call the same day counts outside the plan.
  const extra = await t.http
    .post(`/follow-ups/${p1.id}/check-ins`)
    .set(cw.auth)
    .send({ ...checkIn, wagesOnTime: true, wagesInFull: true, problems: [], workerWords: '已补发' })
    .expect(201);
  expect(extra.body.seq).toBeNull();

  const f = (await figures()).followUp;
  const diff = (k: string) => f.month[k] - before.month[k];
  expect({
    due: diff('due'),
    done: diff('done'),
    extra: diff('extra'),
    withProblems: diff('withProblems'),
    problemsFound: diff('problemsFound'),
    casesOpened: diff('casesOpened'),
  }).toEqual({ due: 2, done: 1, extra: 1, withProblems: 1, problemsFound: 1, casesOpened: 1 });
  expect(f.month.coverage).toBe(Math.round((f.month.done / f.month.due) * 1000) / 10);
  expect(f.yearToDate.due).toBeGreaterThanOrEqual(f.month.due);
  expect(f.yearToDate.casesOpened).toBeGreaterThanOrEqual(f.month.casesOpened);
});
