import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export type Role = 'admin' | 'caseworker' | 'finance' | 'broker';
export const ROLES: readonly Role[] = ['admin', 'caseworker', 'finance', 'broker'];

export interface Actor {
  userId: number | null;
  username: string;
  /** 姓名, for pages; records keep the username. */
  displayName?: string;
  role: Role | 'system';
  brokerId?: number | null;
}

export interface RequestContext {
  requestId: string;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Who is acting in the current request or activity, for the audit trail. */
export const requestContext = {
  get: (): RequestContext | undefined => storage.getStore(),
  run: <T>(ctx: RequestContext, fn: () => T): T => storage.run(ctx, fn),
};

/** The actor recorded for changes made by a workflow's activities. */
export const WORKFLOW_ACTOR: Actor = { userId: null, username: 'system:workflow', role: 'system' };

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (the caller's X-Request-Id if sane) and a context to carry the actor. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, () => next());
}
