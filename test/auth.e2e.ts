/**
 * Users, roles and tokens against the real API and Postgres: login (same answer for a wrong
 * password and an unknown user, throttling after repeated failures), bearer tokens (missing,
 * garbage, expired, revoked by logout or deactivation) and the role of each endpoint —
 * what each role may call and what it is refused, with nothing written on a refusal.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Role } from '../src/common/request-context.js';
import { AppConfig, trustProxy } from '../src/config/app-config.js';
import { createTestApp, TestApp } from './support/app.js';
import {
  brokerBody,
  countEmployersWithCode,
  countWorkersWithId,
  employerBody,
  tag,
  workerBody,
} from './support/fixtures.js';

let t: TestApp;
let as: Record<Role, { Authorization: string }>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  as = {
    admin: (await t.login('admin')).auth,
    caseworker: (await t.login('caseworker')).auth,
    finance: (await t.login('finance')).auth,
    broker: (await t.login('broker')).auth,
  };
});
afterAll(() => t?.close());

/** Creates a user through the admin API with a known password. */
async function userWithPassword(
  role: Role = 'caseworker',
): Promise<{ id: number; username: string; password: string }> {
  const username = `u.${tag()}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await t.http
    .post('/users')
    .set(as.admin)
    .send({ username, displayName: '测试用户', role, password })
    .expect(201);
  return { id: res.body.id, username, password };
}

const login = (username: string, password: string) => t.http.post('/auth/login').send({ username, password });

describe('login', () => {
  it('the right password gives a bearer token that works, and /auth/me names the user and role', async () => {
    const u = await userWithPassword('finance');
    const res = await login(u.username, u.password).expect(200);
    expect(res.body).toMatchObject({
      token: expect.any(String),
      user: { id: u.id, username: u.username, role: 'finance' },
    });
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await t.http
      .get('/auth/me')
      .set({ Authorization: `Bearer ${res.body.token}` })
      .expect(200);
    expect(me.body).toMatchObject({ userId: u.id, username: u.username, role: 'finance' });
  });

  it('stores the password only as a scrypt hash and never returns it', async () => {
    const u = await userWithPassword();
    const list = await t.http.get('/users').set(as.admin).expect(200);
    const listed = list.body.find((x: { id: number }) => x.id === u.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(list.body)).not.toContain(u.password);
    const [{ passwordHash }] = await t.db.query('SELECT "passwordHash" FROM users WHERE id = $1', [u.id]);
    expect(passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$/);
    expect(passwordHash).not.toContain(u.password);
  });

  it('a wrong password and an unknown username answer the same 401 with the same body', async () => {
    const u = await userWithPassword();
    const wrongPassword = await login(u.username, 'not-the-password');
    const unknownUser = await login(`nobody.${tag()}`, 'not-the-password');
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'AUTH.BAD_CREDENTIALS',
      message: expect.any(String),
      details: [],
    });
    expect(wrongPassword.body.message).not.toContain(u.username);
  });

  it('after 5 failed logins for one username the 6th attempt answers 429, even with the right password', async () => {
    const u = await userWithPassword();
    for (let i = 0; i < 5; i++) await login(u.username, `wrong-${i}`).expect(401);
    const sixth = await login(u.username, u.password);
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({
      statusCode: 429,
      code: 'AUTH.THROTTLED',
      retryAfterSeconds: expect.any(Number),
    });
    expect(sixth.body.token).toBeUndefined();
  });

  it('fewer than 5 failures do not lock the user out, and a success clears the count', async () => {
    const u = await userWithPassword();
    for (let i = 0; i < 4; i++) await login(u.username, `wrong-${i}`).expect(401);
    await login(u.username, u.password).expect(200);
    // The count restarted: four more failures still leave the right password working.
    for (let i = 0; i < 4; i++) await login(u.username, `wrong-${i}`).expect(401);
    await login(u.username, u.password).expect(200);
  });

  it('an unknown username is throttled the same way, so throttling does not reveal which usernames exist', async () => {
    const ghost = `ghost.${tag()}`;
    for (let i = 0; i < 5; i++) await login(ghost, `wrong-${i}`).expect(401);
    const sixth = await login(ghost, 'anything');
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('AUTH.THROTTLED');
  });

  it('throttling one username does not lock out another', async () => {
    const victim = await userWithPassword();
    const other = await userWithPassword();
    for (let i = 0; i < 5; i++) await login(victim.username, 'wrong').expect(401);
    await login(victim.username, victim.password).expect(429);
    await login(other.username, other.password).expect(200);
  });

  it('refuses a login body with an unknown field (400, not silently dropped)', async () => {
    const u = await userWithPassword();
    const res = await t.http
      .post('/auth/login')
      .send({ username: u.username, password: u.password, role: 'admin' })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'role', reason: expect.any(String) }]);
  });
});

describe('failed logins per address', () => {
  // The app behind a trusted proxy with the limit at its default, for this block only: every
  // test request comes from one address, which the harness otherwise exempts.
  const express = () => t.app.getHttpAdapter().getInstance() as { set(k: string, v: unknown): void };
  let config: AppConfig;
  let harnessLimit: number;
  beforeAll(() => {
    config = t.app.get(AppConfig);
    harnessLimit = config.LOGIN_ADDRESS_FAILURES;
    config.LOGIN_ADDRESS_FAILURES = new AppConfig().LOGIN_ADDRESS_FAILURES;
    express().set('trust proxy', trustProxy('loopback'));
  });
  afterAll(() => {
    config.LOGIN_ADDRESS_FAILURES = harnessLimit;
    express().set('trust proxy', false);
  });
  const from = (address: string, username: string, password: string) =>
    t.http.post('/auth/login').set('X-Forwarded-For', address).send({ username, password });

  it('after 50 failures from one address its next login is refused even with the right password, counted in Postgres; another address logs in', async () => {
    expect(config.LOGIN_ADDRESS_FAILURES).toBe(50);
    const user = await userWithPassword();
    const address = `203.0.113.${randomInt(1, 255)}`;
    // Random usernames, so no username's own lock is reached: only the address limit can stop them.
    for (let i = 0; i < 50; i++) await from(address, `ghost.${tag()}`, 'wrong').expect(401);
    const [row] = await t.db.query('SELECT failures FROM login_address_throttle WHERE address = $1', [address]);
    expect(row.failures).toBe(50);
    const refused = await from(address, user.username, user.password);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'AUTH.ADDRESS_THROTTLED', retryAfterSeconds: expect.any(Number) });
    expect(refused.body.token).toBeUndefined();
    await from(`198.51.100.${randomInt(1, 255)}`, user.username, user.password).expect(200);
  });

  it('a success does not clear the address’s count, and the window passes', async () => {
    const user = await userWithPassword();
    const address = `192.0.2.${randomInt(1, 255)}`;
    for (let i = 0; i < 3; i++) await from(address, `ghost.${tag()}`, 'wrong').expect(401);
    await from(address, user.username, user.password).expect(200);
    const [row] = await t.db.query('SELECT failures FROM login_address_throttle WHERE address = $1', [address]);
    expect(row.failures).toBe(3);
    // A window that began 16 minutes ago is over: the next failure starts a new one.
    await t.db.query(
      `UPDATE login_address_throttle SET failures = 50, "windowStartedAt" = now() - interval '16 minutes' WHERE address = $1`,
      [address],
    );
    await from(address, user.username, user.password).expect(200);
    await from(address, `ghost.${tag()}`, 'wrong').expect(401);
    const [after] = await t.db.query('SELECT failures FROM login_address_throttle WHERE address = $1', [address]);
    expect(after.failures).toBe(1);
  });
});

describe('bearer tokens', () => {
  it('no token: 401 AUTH.REQUIRED', async () => {
    const res = await t.http.get('/workers').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'AUTH.REQUIRED', details: [] });
  });

  it('a malformed Authorization header: 401', async () => {
    await t.http.get('/workers').set({ Authorization: 'Bearer abc' }).expect(401);
    await t.http.get('/workers').set({ Authorization: 'Basic YWRtaW46YWRtaW4=' }).expect(401);
  });

  it('a well-formed but garbage token: 401 AUTH.INVALID_TOKEN', async () => {
    const res = await t.http
      .get('/workers')
      .set({ Authorization: `Bearer ${randomBytes(32).toString('base64url')}` })
      .expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'AUTH.INVALID_TOKEN' });
  });

  it('after POST /auth/logout the same token answers 401, while another session of the same user still works', async () => {
    const u = await userWithPassword('caseworker');
    const first = { Authorization: `Bearer ${(await login(u.username, u.password).expect(200)).body.token}` };
    const second = { Authorization: `Bearer ${(await login(u.username, u.password).expect(200)).body.token}` };
    await t.http.get('/workers').set(first).expect(200);
    await t.http.post('/auth/logout').set(first).expect(204);
    const after = await t.http.get('/workers').set(first).expect(401);
    expect(after.body.code).toBe('AUTH.INVALID_TOKEN');
    await t.http.post('/auth/logout').set(first).expect(401);
    await t.http.get('/workers').set(second).expect(200);
  });

  it('an expired token answers 401', async () => {
    const u = await userWithPassword('caseworker');
    const res = await login(u.username, u.password).expect(200);
    const auth = { Authorization: `Bearer ${res.body.token}` };
    await t.http.get('/workers').set(auth).expect(200);
    await t.db.query(`UPDATE auth_sessions SET "expiresAt" = now() - interval '1 second' WHERE "userId" = $1`, [u.id]);
    await t.http.get('/workers').set(auth).expect(401);
  });

  it('deactivating a user (admin) revokes their tokens and refuses their login', async () => {
    const u = await userWithPassword('caseworker');
    const auth = { Authorization: `Bearer ${(await login(u.username, u.password).expect(200)).body.token}` };
    await t.http.get('/workers').set(auth).expect(200);
    await t.http.patch(`/users/${u.id}`).set(as.admin).send({ active: false }).expect(200);
    await t.http.get('/workers').set(auth).expect(401);
    await login(u.username, u.password).expect(401);
  });
});

describe('roles: allowed calls', () => {
  it('caseworker may register a worker, an employer and a broker', async () => {
    await t.http.post('/workers').set(as.caseworker).send(workerBody()).expect(201);
    await t.http.post('/employers').set(as.caseworker).send(employerBody()).expect(201);
    await t.http.post('/brokers').set(as.caseworker).send(brokerBody()).expect(201);
  });

  it('finance may read workers, employers, brokers and policies', async () => {
    await t.http.get('/workers').set(as.finance).expect(200);
    await t.http.get('/employers').set(as.finance).expect(200);
    await t.http.get('/brokers').set(as.finance).expect(200);
    await t.http.get('/policies/in-force').set(as.finance).expect(200);
  });

  it('admin may create a user, read the audit trail, add a policy value and change a broker status', async () => {
    await userWithPassword('finance'); // POST /users as admin → 201 inside
    await t.http.get('/audit').query({ entity: 'worker' }).set(as.admin).expect(200);
    const effectiveFrom = `${randomInt(3000, 4000)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
    await t.http
      .post('/policies')
      .set(as.admin)
      .send({ key: 'contract.rectify_days', value: 12, effectiveFrom, source: '县人社局测试文件' })
      .expect(201);
    const broker = await t.http.post('/brokers').set(as.caseworker).send(brokerBody()).expect(201);
    const res = await t.http
      .post(`/brokers/${broker.body.id}/status`)
      .set(as.admin)
      .send({ status: 'suspended', reason: '资格证书过期', effectiveDate: '2026-11-23' })
      .expect(201);
    expect(res.body.status).toBe('suspended');
  });

  it('every role may log out and read /auth/me', async () => {
    for (const role of ['admin', 'caseworker', 'finance', 'broker'] as Role[]) {
      const { auth } = await t.login(role);
      const me = await t.http.get('/auth/me').set(auth).expect(200);
      expect(me.body.role).toBe(role);
      await t.http.post('/auth/logout').set(auth).expect(204);
    }
  });
});

describe('roles: refused calls answer 403 and write nothing', () => {
  it('finance: POST /workers → 403 and no worker row', async () => {
    const body = workerBody();
    const res = await t.http.post('/workers').set(as.finance).send(body).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'AUTH.FORBIDDEN', details: [] });
    expect(await countWorkersWithId(t, body.citizenId as string)).toBe(0);
  });

  it('finance: POST /employers → 403 and no employer row; PATCH /workers/:id → 403', async () => {
    const body = employerBody();
    await t.http.post('/employers').set(as.finance).send(body).expect(403);
    expect(await countEmployersWithCode(t, body.creditCode as string)).toBe(0);
    const w = await t.http.post('/workers').set(as.caseworker).send(workerBody()).expect(201);
    await t.http
      .patch(`/workers/${w.body.id}`)
      .set(as.finance)
      .send({ version: w.body.version, notes: 'x' })
      .expect(403);
  });

  it('broker: GET /workers, /employers, /brokers, /policies → 403; POST /workers → 403', async () => {
    await t.http.get('/workers').set(as.broker).expect(403);
    await t.http.get('/employers').set(as.broker).expect(403);
    await t.http.get('/brokers').set(as.broker).expect(403);
    await t.http.get('/policies').set(as.broker).expect(403);
    const body = workerBody();
    await t.http.post('/workers').set(as.broker).send(body).expect(403);
    expect(await countWorkersWithId(t, body.citizenId as string)).toBe(0);
  });

  it.each(['caseworker', 'finance', 'broker'] as Role[])(
    '%s: POST /users (admin only) → 403 and no user row',
    async (role) => {
      const username = `x.${tag()}`;
      await t.http
        .post('/users')
        .set(as[role])
        .send({ username, displayName: '越权', role: 'admin', password: 'a-long-password-1' })
        .expect(403);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM users WHERE username = $1', [username]);
      expect(n).toBe(0);
    },
  );

  it.each(['caseworker', 'finance', 'broker'] as Role[])(
    '%s: GET /users and GET /audit (admin only) → 403',
    async (role) => {
      await t.http.get('/users').set(as[role]).expect(403);
      await t.http.get('/audit').query({ entity: 'worker' }).set(as[role]).expect(403);
    },
  );

  it.each(['caseworker', 'finance', 'broker'] as Role[])(
    '%s: POST /policies (admin only) → 403 and no policy row',
    async (role) => {
      const effectiveFrom = `${randomInt(4000, 5000)}-01-01`;
      await t.http
        .post('/policies')
        .set(as[role])
        .send({ key: 'contract.rectify_days', value: 99, effectiveFrom, source: '越权测试' })
        .expect(403);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM policy_values WHERE key = 'contract.rectify_days' AND "effectiveFrom" = $1`,
        [effectiveFrom],
      );
      expect(n).toBe(0);
    },
  );

  it.each(['caseworker', 'finance', 'broker'] as Role[])(
    '%s: POST /brokers/:id/status (admin only) → 403 and the status is unchanged',
    async (role) => {
      const broker = await t.http.post('/brokers').set(as.caseworker).send(brokerBody()).expect(201);
      await t.http
        .post(`/brokers/${broker.body.id}/status`)
        .set(as[role])
        .send({ status: 'suspended', reason: '越权停用', effectiveDate: '2026-11-23' })
        .expect(403);
      const [{ status }] = await t.db.query('SELECT status FROM brokers WHERE id = $1', [broker.body.id]);
      expect(status).toBe('active');
    },
  );

  it('a refused call is refused before validation: 403 even for an invalid body', async () => {
    await t.http.post('/workers').set(as.finance).send({ nonsense: true }).expect(403);
  });
});
