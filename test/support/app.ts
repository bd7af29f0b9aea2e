import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { Role } from '../../src/common/request-context.js';
import { UsersService } from '../../src/auth/users.service.js';
import { createHttpApp } from '../../src/http-app.js';
import { Schedules } from '../../src/temporal/schedules.js';
import { WorkerService } from '../../src/temporal/worker.service.js';
import { hanTag } from './fixtures.js';
import { assertTestDatabase } from './test-env.js';
import { uniqueQueue, workflowBundle } from './temporal.js';

/** A surname per role, so a test user's 姓名 is a Chinese name as a real user's is. */
const ROLE_SURNAME: Record<Role, string> = { admin: '刘', caseworker: '王', finance: '李', broker: '赵' };

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  db: DataSource;
  taskQueue: string;
  /**
   * Creates a user of that role (unique username) and returns a bearer token header; in the
   * office named, else the first county.
   */
  login(
    role: Role,
    extra?: { username?: string; officeId?: number },
  ): Promise<{
    auth: { Authorization: string };
    userId: number;
    username: string;
    password: string;
    displayName: string;
  }>;
  close(): Promise<void>;
}

/**
 * The real API (HTTP through supertest) and, unless `worker: false`, a real worker in the
 * same process (with the periodic jobs' schedules when `schedules: true`), against the test
 * Postgres and the test Temporal dev server. Each test file
 * gets its own task queue so workers of different files never take each other's tasks.
 */
export async function createTestApp({ worker = true, schedules = false } = {}): Promise<TestApp> {
  assertTestDatabase(process.env.DATABASE_URL!);
  const taskQueue = uniqueQueue('e2e');
  process.env.TEMPORAL_TASK_QUEUE = taskQueue;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
  // Every test logs in from one address, and a run's failed logins would add up to the
  // per-address limit; the test of that limit sets it (empty: the default) for its own app.
  if (!('LOGIN_ADDRESS_FAILURES' in process.env)) process.env.LOGIN_ADDRESS_FAILURES = '1000000';
  const app = await createHttpApp();
  await app.init();
  const workers = app.get(WorkerService);
  if (worker) await workers.start({ workflowBundle: await workflowBundle(), taskQueue });
  // As src/worker.ts does after its worker starts; off by default, so no other file's run leaves
  // schedules firing on the shared dev server.
  if (worker && schedules) await app.get(Schedules).ensure();
  const http = request(app.getHttpServer());
  const users = app.get(UsersService);
  return {
    app,
    http,
    db: app.get(DataSource),
    taskQueue,
    async login(role, extra = {}) {
      const username = extra.username ?? `${role}-${randomBytes(4).toString('hex')}`;
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const displayName = `${ROLE_SURNAME[role]}${hanTag(2)}`;
      const user = await users.create({ username, displayName, role, password, officeId: extra.officeId });
      const res = await http.post('/auth/login').send({ username, password }).expect(200);
      return { auth: { Authorization: `Bearer ${res.body.token}` }, userId: user.id, username, password, displayName };
    },
    async close() {
      await workers.stop();
      await app.close();
    },
  };
}
