import type { Request } from 'express';

/**
 * The route pattern that answered a request (`/workers/:id`), never its URL: logs and metrics
 * group by it, and a URL carries ids without bound. Requests no route matched (404s, bodies
 * refused before routing) share one name.
 */
export function routePattern(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  // A wildcard is the logging middleware's own catch-all (`{/*splat}`), not an endpoint.
  if (typeof path !== 'string' || path.includes('*')) return '(unmatched)';
  return `${req.baseUrl ?? ''}${path}`;
}
