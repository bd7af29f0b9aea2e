import type { NextFunction, Request, Response } from 'express';
import { routePattern } from '../common/request-route.js';
import type { MetricsService } from './metrics.service.js';

/** Times every request from arrival to the last byte, labelled by route pattern (not URL) and status. */
export function httpMetricsMiddleware(metrics: MetricsService) {
  const histogram = metrics.httpRequestDuration();
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = histogram.startTimer();
    res.once('finish', () =>
      end({ method: req.method, route: routePattern(req), status_code: String(res.statusCode) }),
    );
    next();
  };
}
