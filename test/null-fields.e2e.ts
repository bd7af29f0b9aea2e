/**
 * A field a record cannot do without, sent as JSON null in a change: 400 naming the field, and
 * the record as it was — never a 500 from the database's NOT NULL or from code expecting text.
 */
import { createTestApp, TestApp } from './support/app.js';
import { newTownship, records } from './support/records.js';
import { brokerBody } from './support/fixtures.js';

let t: TestApp;
type Auth = { Authorization: string };
let cw: Auth;
let admin: Auth;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
  cw = (await t.login('caseworker')).auth;
  admin = (await t.login('admin')).auth;
});
afterAll(() => t?.close());

const refusedNull = async (auth: Auth, path: string, body: Record<string, unknown>, field: string) => {
  const r = await t.http.patch(path).set(auth).send(body);
  expect({ path, status: r.status }).toEqual({ path, status: 400 });
  expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
};

it('a township, worker, employer, broker and provider refuse null for what they must have', async () => {
  const tw = await newTownship(t, admin);
  await refusedNull(admin, `/townships/${tw.id}`, { yearlyTarget: null }, 'yearlyTarget');
  const [{ yearlyTarget }] = await t.db.query('SELECT "yearlyTarget" FROM townships WHERE id = $1', [tw.id]);
  expect(yearlyTarget).toBe(10);

  const rec = records(t, cw);
  const w = await rec.worker();
  const v = (await t.http.get(`/workers/${w.id}`).set(cw).expect(200)).body.version;
  for (const field of ['name', 'township', 'categories', 'skills', 'notes', 'phone'])
    await refusedNull(cw, `/workers/${w.id}`, { version: v, [field]: null }, field);

  const e = await rec.employer();
  const ev = (await t.http.get(`/employers/${e.id}`).set(cw).expect(200)).body.version;
  for (const field of ['name', 'region', 'contactName', 'contactPhone'])
    await refusedNull(cw, `/employers/${e.id}`, { version: ev, [field]: null }, field);

  const b = (await t.http.post('/brokers').set(cw).send(brokerBody()).expect(201)).body;
  for (const field of ['name', 'phone'])
    await refusedNull(cw, `/brokers/${b.id}`, { version: b.version, [field]: null }, field);

  const p = await rec.provider();
  const pv = (await t.http.get(`/training-providers/${p.id}`).set(cw).expect(200)).body.version;
  for (const field of ['name', 'contactName', 'contactPhone'])
    await refusedNull(cw, `/training-providers/${p.id}`, { version: pv, [field]: null }, field);
});
