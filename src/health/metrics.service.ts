import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { AppConfig } from '../config/app-config.js';

/**
 * The Prometheus metrics of one process, each application instance with its own registry (a
 * test process builds several). Office figures are asked of the contexts that own them at
 * scrape time, at most once per METRICS_CACHE_SECONDS, and only the API shows them: several
 * workers would report the same numbers again.
 */
@Injectable()
export class MetricsService {
  private readonly log = new Logger('Metrics');
  private readonly own = new Registry();
  private readonly office = new Registry();
  private http?: Histogram<'method' | 'route' | 'status_code'>;

  constructor(private readonly config: AppConfig) {
    collectDefaultMetrics({ register: this.own });
  }

  /** Created by the HTTP app only, so the worker does not list an empty histogram. */
  httpRequestDuration(): Histogram<'method' | 'route' | 'status_code'> {
    this.http ??= new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.own],
    });
    return this.http;
  }

  /**
   * Gauges filled from one `load()` (one round trip for all of them). When it fails the gauges
   * read NaN, so a scrape during a database outage still returns the process metrics and no
   * stale figure passes for a current one.
   */
  addOfficeFigures<K extends string>(figures: Record<K, string>, load: () => Promise<Record<K, number>>): void {
    let cached: { at: number; values: Promise<Record<K, number> | null> } | undefined;
    const current = () => {
      if (!cached || Date.now() - cached.at >= this.config.METRICS_CACHE_SECONDS * 1000) {
        cached = {
          at: Date.now(),
          values: load().catch((err: Error) => {
            this.log.warn(`office figures could not be read: ${err.message}`);
            cached = undefined;
            return null;
          }),
        };
      }
      return cached.values;
    };
    for (const name of Object.keys(figures) as K[]) {
      new Gauge({
        name,
        help: figures[name],
        registers: [this.office],
        async collect() {
          const values = await current();
          this.set(values ? values[name] : NaN);
        },
      });
    }
  }

  contentType(): string {
    return this.own.contentType;
  }

  /** What the API's /metrics shows. */
  async apiMetrics(): Promise<string> {
    return (await this.own.metrics()) + (await this.office.metrics());
  }

  /** What the worker's /metrics shows, with the Temporal core's metrics appended when it can reach them. */
  async workerMetrics(coreMetrics: () => Promise<string>): Promise<string> {
    const own = await this.own.metrics();
    try {
      return `${own}\n${await coreMetrics()}`;
    } catch (err) {
      this.log.warn(`the Temporal core's metrics are not available: ${(err as Error).message}`);
      return own;
    }
  }
}
