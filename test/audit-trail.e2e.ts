/**
 * The audit trail's filters through the real API and Postgres: by record, by user, by action
 * (a read of a full number is its own action), by Asia/Shanghai date range, paged by position;
 * malformed filters answer 400 naming the field.
 */
import { shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { workerBody } from './support/fixtures.js';

type Auth = { Authorization: string };
type Line = { id: string; action: string; actorId: number; entity: string; entityId: string; at: string };
let t: TestApp;
let admin: Auth;
let cw: { auth: Auth; userId: number };
let workerId: number;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.login('admin')).auth;
  cw = await t.login('caseworker');
  const created = await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201);
  workerId = created.body.id;
  await t.http
    .patch(`/workers/${workerId}`)
    .set(cw.auth)
    .send({ version: created.body.version, phone: '13912345678' })
    .expect(200);
  await t.http.get(`/workers/${workerId}`).set(cw.auth).expect(200);
});
afterAll(async () => {
  await t?.close();
});

const audit = (query: Record<string, string | number>) => t.http.get('/audit').query(query).set(admin);

describe('GET /audit filters', () => {
  it('by user: only that user’s lines, newest first', async () => {
    const res = await audit({ user: cw.userId }).expect(200);
    const items: Line[] = res.body.items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((a) => a.actorId === cw.userId)).toBe(true);
    const ids = items.map((a) => BigInt(a.id));
    expect([...ids].sort((a, b) => (a < b ? 1 : -1))).toEqual(ids);
    expect(items.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'update', 'read_sensitive']));
  });

  it('by record and action: the sensitive read of that worker alone', async () => {
    const res = await audit({ entity: 'worker', id: String(workerId), action: 'read_sensitive' }).expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ actorId: cw.userId, action: 'read_sensitive' });
  });

  it('by date range: today has the lines, a range in the past has none', async () => {
    const today = shanghaiToday();
    const now = await audit({ user: cw.userId, from: today, to: today }).expect(200);
    expect(now.body.items.length).toBeGreaterThanOrEqual(3);
    const past = await audit({ user: cw.userId, from: '2020-01-01', to: '2020-12-31' }).expect(200);
    expect(past.body.items).toHaveLength(0);
    expect(past.body.next).toBeNull();
  });

  it('pages by position without overlap: next is the id to pass as before', async () => {
    const all: Line[] = (await audit({ user: cw.userId }).expect(200)).body.items;
    const first = await audit({ user: cw.userId, limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next).toBe(first.body.items[1].id);
    const second = await audit({ user: cw.userId, limit: 2, before: first.body.next }).expect(200);
    const seen = [...first.body.items, ...second.body.items].map((a: Line) => a.id);
    expect(seen).toEqual(all.slice(0, seen.length).map((a) => a.id));
    expect(new Set(seen).size).toBe(seen.length);
    const last = await audit({ user: cw.userId, limit: all.length }).expect(200);
    expect(last.body.next).toBeNull();
  });

  it.each([
    ['user', 'abc'],
    ['user', '0'],
    ['action', 'DROP TABLE'],
    ['from', '2024-02-30'],
    ['to', '20240101'],
    ['before', '-1'],
    ['limit', '501'],
  ])('a malformed %s (%s) → 400 naming the field', async (field, value) => {
    const res = await audit({ [field]: value }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('a bad date reads as it does on every other list (the payouts list here)', async () => {
    const fin = await t.login('finance');
    const reason = (body: { details: { field: string; reason: string }[] }) =>
      body.details.find((d) => d.field === 'from')?.reason;
    const fromAudit = reason((await audit({ from: '2024-02-30' }).expect(400)).body);
    const payouts = await t.http.get('/payouts').query({ from: '2024-02-30' }).set(fin.auth).expect(400);
    expect(fromAudit).toBeTruthy();
    expect(fromAudit).toBe(reason(payouts.body));
  });

  it('is for admin only', async () => {
    await t.http.get('/audit').query({ user: cw.userId }).set(cw.auth).expect(403);
  });
});
