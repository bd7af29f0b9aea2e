import { createServer, type Server } from 'node:http';
import type { Readiness } from './readiness.service.js';

export interface OpsEndpoints {
  ready(): Promise<Readiness>;
  metrics(): Promise<string>;
  metricsContentType: string;
}

/**
 * A small HTTP listener for operators beside a process's real work: the worker's only port, and
 * the API's METRICS_PORT. /health/live answers as long as the process runs; /health/ready (and
 * /health, as on the API) checks Postgres and Temporal; /metrics is for Prometheus.
 */
export async function startOpsServer(host: string, port: number, endpoints: OpsEndpoints): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { statusCode: 405, message: 'GET only' });
    if (path === '/health/live') return json(200, { status: 'up' });
    if (path === '/health/ready' || path === '/health') {
      endpoints.ready().then(
        (r) => json(r.status === 'up' ? 200 : 503, r),
        (err: Error) => json(503, { status: 'down', error: err.message }),
      );
      return;
    }
    if (path === '/metrics') {
      endpoints.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': endpoints.metricsContentType }).end(text),
        (err: Error) => json(500, { statusCode: 500, message: err.message }),
      );
      return;
    }
    json(404, { statusCode: 404, message: `${path} not found: /health/live, /health/ready or /metrics` });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  return server;
}
