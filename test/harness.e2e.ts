/**
 * Proves the test harness is wired: real Postgres (migrated), real Temporal dev server,
 * the real API over HTTP, and the error shape every endpoint shares.
 */
import { createTestApp, TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(() => t?.close());

it('GET /health answers 200 with Postgres and Temporal both up', async () => {
  const res = await t.http.get('/health').expect(200);
  expect(res.body).toMatchObject({ status: 'up', postgres: { up: true }, temporal: { up: true } });
});

it('runs on a database named for tests, with every migration applied', async () => {
  const [{ db }] = await t.db.query('SELECT current_database() AS db');
  expect(db).toMatch(/_test$/);
  const applied = await t.db.query('SELECT name FROM migrations');
  expect(applied.length).toBeGreaterThanOrEqual(2);
});

it('refuses an endpoint without a token with 401 in the one error shape', async () => {
  const res = await t.http.get('/workers').expect(401);
  expect(res.body).toEqual({
    statusCode: 401,
    error: 'Unauthorized',
    code: 'AUTH.REQUIRED',
    message: expect.any(String),
    details: [],
  });
});

it('serves the Swagger UI and its JSON generated from the DTOs', async () => {
  await t.http.get('/api/docs').expect(200);
  const doc = await t.http.get('/api/docs-json').expect(200);
  expect(doc.body.paths['/workers']).toBeDefined();
  expect(doc.body.components.schemas.CreateWorkerDto.properties.citizenId).toBeDefined();
});

it('declares the refusals: every operation behind a login answers 401 and 403 with the error body, a record in the path 404, input 400', async () => {
  const doc = (await t.http.get('/api/docs-json').expect(200)).body;
  expect(doc.components.schemas.ErrorBody.required).toEqual(['statusCode', 'error', 'code', 'message', 'details']);
  const ref = { $ref: '#/components/schemas/ErrorBody' };
  let secured = 0;
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>))
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (op.security?.length) {
        secured++;
        for (const status of ['401', '403'])
          expect({ where, status, schema: op.responses[status]?.content['application/json'].schema }).toEqual({
            where,
            status,
            schema: ref,
          });
      }
      if (path.includes('{')) expect({ where, has404: '404' in op.responses }).toEqual({ where, has404: true });
    }
  expect(secured).toBeGreaterThan(100);
  expect(doc.paths['/workers'].post.responses['400']).toBeDefined();
  expect(doc.paths['/imports'].post.responses['413']).toBeDefined();
  expect(doc.paths['/auth/login'].post.responses['429']).toBeDefined();
  // The answers a handler declares itself are kept.
  expect(doc.paths['/workers'].post.responses['201']).toBeDefined();
});

it('declares the success bodies: a page as items, total, page and pageSize; masked and nullable fields as served', async () => {
  const doc = (await t.http.get('/api/docs-json').expect(200)).body;
  const schemas = doc.components.schemas;
  const body = (path: string, method: string, status: string) =>
    doc.paths[path][method].responses[status].content['application/json'].schema;
  expect(body('/workers', 'get', '200')).toEqual({ $ref: '#/components/schemas/WorkerPage' });
  expect(schemas.WorkerPage.required).toEqual(['items', 'total', 'page', 'pageSize']);
  expect(schemas.WorkerPage.properties.items.items).toEqual({ $ref: '#/components/schemas/WorkerListItem' });
  expect(schemas.ClaimPage.required).toContain('totals');
  expect(body('/workers', 'post', '201')).toEqual({ $ref: '#/components/schemas/WorkerView' });
  expect(schemas.WorkerView.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
  expect(schemas.WorkerView.properties.birthDate).toMatchObject({ type: 'string', format: 'date' });
  // A worker registered without a bank account is answered without the field.
  expect(schemas.WorkerView.properties.bankAccount).toMatchObject({ type: 'string', nullable: true });
  expect(schemas.WorkerView.required).not.toContain('bankAccount');
  expect(body('/townships', 'get', '200')).toEqual({
    type: 'array',
    items: { $ref: '#/components/schemas/TownshipView' },
  });
});
