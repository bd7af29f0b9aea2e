/**
 * The admin's hold on users through the API, against the real app and Postgres: the last active
 * admin of a county bureau or of the city cannot be deactivated, demoted or moved away; a login
 * the throttle locked is unlocked (audited); a password reset gives a temporary password once,
 * which logs in while the old one no longer does, and appears in no audit line.
 */
import { createTestApp, TestApp } from './support/app.js';
import { auditRows, tag } from './support/fixtures.js';
import { cityOffice, countyOffice } from './support/offices.js';

let t: TestApp;
let city: { Authorization: string };

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  city = (await t.login('admin', { officeId: await cityOffice() })).auth;
});
afterAll(() => t?.close());

const login = (username: string, password: string) => t.http.post('/auth/login').send({ username, password });

describe('the last active admin', () => {
  it('of a county cannot be deactivated, given another role or moved; with a second admin they can', async () => {
    const county = await countyOffice('末');
    const other = await countyOffice('另');
    const first = await t.login('admin', { officeId: county });
    for (const change of [{ active: false }, { role: 'caseworker' }, { officeId: other }]) {
      for (const who of [city, first.auth]) {
        const res = await t.http.patch(`/users/${first.userId}`).set(who).send(change).expect(409);
        expect(res.body).toMatchObject({ code: 'USER.LAST_ADMIN' });
        expect(res.body.message).toMatch(/只剩这一位在用的管理员/);
      }
    }
    const [row] = await t.db.query(`SELECT role, active, "officeId" FROM users WHERE id = $1`, [first.userId]);
    expect(row).toEqual({ role: 'admin', active: true, officeId: county });

    const second = await t.login('admin', { officeId: county });
    await t.http.patch(`/users/${first.userId}`).set(second.auth).send({ active: false }).expect(200);
    // Now the second is the last one, and cannot deactivate themself.
    const self = await t.http.patch(`/users/${second.userId}`).set(second.auth).send({ active: false }).expect(409);
    expect(self.body.code).toBe('USER.LAST_ADMIN');
    // Reactivated, the first counts again.
    await t.http.patch(`/users/${first.userId}`).set(city).send({ active: true }).expect(200);
    await t.http.patch(`/users/${second.userId}`).set(city).send({ role: 'caseworker' }).expect(200);
    const actions = (await auditRows(t, 'user', first.userId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['deactivate', 'reactivate']));
  });

  it('two admins deactivating each other at the same moment: one is refused', async () => {
    const county = await countyOffice('争');
    const a = await t.login('admin', { officeId: county });
    const b = await t.login('admin', { officeId: county });
    const [ra, rb] = await Promise.all([
      t.http.patch(`/users/${b.userId}`).set(a.auth).send({ active: false }),
      t.http.patch(`/users/${a.userId}`).set(b.auth).send({ active: false }),
    ]);
    // The second to run is refused, as the last admin (or, arriving later, because its session ended).
    expect([ra.status, rb.status].filter((s) => s === 200)).toHaveLength(1);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM users WHERE "officeId" = $1 AND role = 'admin' AND active`,
      [county],
    );
    expect(n).toBe(1);
  });

  it('a bad role or active value is refused naming the field', async () => {
    const u = await t.login('caseworker');
    const res = await t.http.patch(`/users/${u.userId}`).set(city).send({ role: 'boss', active: 'no' }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['active', 'role']);
  });
});

describe('unlocking a login the throttle locked', () => {
  it('is refused when not locked; after 5 failed logins it lets the right password in again, audited', async () => {
    const u = await t.login('caseworker');
    const notLocked = await t.http.post(`/users/${u.userId}/unlock`).set(city).expect(409);
    expect(notLocked.body.code).toBe('USER.NOT_LOCKED');
    for (let i = 0; i < 5; i++) await login(u.username, 'wrong-password').expect(401);
    await login(u.username, u.password).expect(429);
    const listed = (await t.http.get('/users').set(city).expect(200)).body.find(
      (x: { id: number }) => x.id === u.userId,
    );
    expect(listed.lockedUntil).not.toBeNull();
    const res = await t.http.post(`/users/${u.userId}/unlock`).set(city).expect(200);
    expect(res.body).toMatchObject({ id: u.userId, lockedUntil: null });
    await login(u.username, u.password).expect(200);
    expect((await auditRows(t, 'user', u.userId)).map((a) => a.action)).toContain('unlock');
  });

  it('a user outside the admin’s offices is 404', async () => {
    const county = await countyOffice('外');
    const otherAdmin = await t.login('admin', { officeId: county });
    const u = await t.login('caseworker');
    await t.http.post(`/users/${u.userId}/unlock`).set(otherAdmin.auth).expect(404);
    await t.http.post(`/users/${u.userId}/reset-password`).set(otherAdmin.auth).expect(404);
  });
});

describe('resetting a password', () => {
  it('answers a strong temporary password once; it logs in, the old one and old tokens do not; never audited', async () => {
    const u = await t.login('finance');
    const res = await t.http.post(`/users/${u.userId}/reset-password`).set(city).expect(200);
    const temporary: string = res.body.temporaryPassword;
    expect(temporary).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    await t.http.get('/auth/me').set(u.auth).expect(401);
    await login(u.username, u.password).expect(401);
    await login(u.username, temporary).expect(200);
    // The list and the audit trail never carry it.
    expect(JSON.stringify((await t.http.get('/users').set(city).expect(200)).body)).not.toContain(temporary);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE before::text LIKE $1 OR after::text LIKE $1`,
      [`%${temporary}%`],
    );
    expect(n).toBe(0);
    expect((await auditRows(t, 'user', u.userId)).map((a) => a.action)).toContain('password_reset');
    // A second reset makes another one; the first stops working.
    const again = await t.http.post(`/users/${u.userId}/reset-password`).set(city).expect(200);
    expect(again.body.temporaryPassword).not.toBe(temporary);
    await login(u.username, temporary).expect(401);
  });

  it('creating a user without a password gives a temporary one once', async () => {
    const username = `tmp.${tag()}`;
    const res = await t.http
      .post('/users')
      .set(city)
      .send({ username, displayName: '吴新民', role: 'caseworker', officeId: await cityOffice() })
      .expect(201);
    await login(username, res.body.temporaryPassword).expect(200);
  });
});

describe('the OpenAPI document', () => {
  it('describes unlock, reset-password and the last-admin refusal', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/users/{id}/unlock', '/users/{id}/reset-password']),
    );
    expect(doc.paths['/users/{id}'].patch.summary).toMatch(/USER\.LAST_ADMIN/);
    expect(doc.components.schemas.UpdateUserDto.properties).toHaveProperty('role');
  });
});
