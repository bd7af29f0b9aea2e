import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export type Role = 'admin' | 'caseworker' | 'finance' | 'broker';
export type OfficeKind = 'city' | 'county' | 'station';
export const ROLES: readonly Role[] = ['admin', 'caseworker', 'finance', 'broker'];

export interface Actor {
  userId: number | null;
  username: string;
  /** 姓名, for pages; records keep the username. */
  displayName?: string;
  role: Role | 'system';
  brokerId?: number | null;
  /**
   * The office the user works in, for pages; `bureauName` is what their pages are headed with:
   * their county's name (a station's too), a city user's the city's.
   */
  office?: { id: number; kind: OfficeKind; name: string; bureauName?: string };
  /** The records this actor may reach (see currentReach); a user's is resolved with the session. */
  reach?: Reach;
}

/**
 * Which counties' records an actor reaches, and whether it is confined to one township station's.
 * `county` and `office` are the actor's own, where a record it creates belongs by default.
 */
export interface Reach {
  counties: readonly number[] | '*';
  station: number | null;
  county: number | null;
  office: number | null;
}

/**
 * A user's reach from their office: a station its own records within its county, a county bureau
 * its whole county, the city every county under it (`counties`, its children) and its own
 * documents (its reports, filed under the city itself).
 */
export function reachOf(
  office: { id: number; kind: OfficeKind; parentId: number | null },
  counties: readonly number[] = [],
): Reach {
  if (office.kind === 'station')
    return { counties: [office.parentId!], station: office.id, county: office.parentId, office: office.id };
  if (office.kind === 'county') return { counties: [office.id], station: null, county: office.id, office: office.id };
  return { counties: [office.id, ...counties], station: null, county: null, office: office.id };
}

/** The processes' own reach: every record, no default office. */
export const EVERYWHERE: Reach = { counties: '*', station: null, county: null, office: null };
const NOWHERE: Reach = { counties: [], station: null, county: null, office: null };

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

/**
 * The reach the current code runs with: the signed-in user's in a request; everything outside
 * one (the processes, start-up) and before the guard has resolved a user (login, health).
 * A user without a resolved reach reaches nothing.
 */
export function currentReach(): Reach {
  const actor = storage.getStore()?.actor;
  if (!actor || actor.role === 'system') return actor?.reach ?? EVERYWHERE;
  return actor.reach ?? NOWHERE;
}

/** The actor recorded for changes made by a workflow's activities. */
export const WORKFLOW_ACTOR: Actor = { userId: null, username: 'system:workflow', role: 'system', reach: EVERYWHERE };

/** The actor recorded for what the periodic jobs (Temporal Schedules) change. */
export const SCHEDULE_ACTOR: Actor = { userId: null, username: 'system:schedule', role: 'system', reach: EVERYWHERE };

/**
 * Runs `fn` as the periodic jobs' actor, so the services it calls audit their changes as that; in
 * one county's reach when given (what it creates is that county's, and it counts only its records).
 */
export function asScheduleActor<T>(job: string, fn: () => T, countyId?: number): T {
  const reach: Reach =
    countyId === undefined ? EVERYWHERE : { counties: [countyId], station: null, county: countyId, office: countyId };
  return storage.run({ requestId: `schedule:${job}`.slice(0, 64), actor: { ...SCHEDULE_ACTOR, reach } }, fn);
}

/**
 * Runs `fn` as the same actor but reaching every record: for what the system derives from a
 * user's change (a household's status from all its members, another context's reaction to an
 * event), which must not come out differently because the user cannot see every record involved.
 */
export function withFullReach<T>(fn: () => T): T {
  const ctx = storage.getStore();
  if (!ctx?.actor || ctx.actor.reach === EVERYWHERE) return fn();
  return storage.run({ ...ctx, actor: { ...ctx.actor, reach: EVERYWHERE } }, fn);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (the caller's X-Request-Id if sane) and a context to carry the actor. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, () => next());
}
