/**
 * The Temporal SDK's process-wide runtime, set up by the worker process before its first
 * connection: the SDK's logs (its own, and the Rust core's, forwarded) go into the app's logger,
 * and the core's worker metrics (task latencies, slots, sticky cache, polls) are exported in
 * Prometheus format on a loopback port, which the worker's /metrics passes on.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger as Pino } from 'pino';
import type { AppConfig } from '../config/app-config.js';

const TO_PINO = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
const FROM_APP: Record<AppConfig['LOG_LEVEL'], LogLevel> = {
  error: 'ERROR',
  warn: 'WARN',
  log: 'INFO',
  debug: 'DEBUG',
  verbose: 'TRACE',
};

/** Temporal's Logger interface over pino; an `error` in the metadata goes to pino's error serializer. */
class TemporalLogAdapter implements Logger {
  constructor(private readonly out: Pino) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const { error, ...rest } = meta as LogMetadata & { error?: unknown };
    this.out[TO_PINO[level] ?? 'info'](error instanceof Error ? { ...rest, err: error } : meta, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

export interface TemporalRuntime {
  /** The core's own metrics, in Prometheus text format. */
  coreMetrics(): Promise<string>;
}

/** Must run before any NativeConnection or Worker is created (the SDK then refuses a second runtime). */
export function installTemporalRuntime(
  logger: Pino,
  config: Pick<AppConfig, 'LOG_LEVEL'>,
  coreMetricsPort: number,
): TemporalRuntime {
  Runtime.install({
    logger: new TemporalLogAdapter(logger.child({ context: 'Temporal' })),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: FROM_APP[config.LOG_LEVEL], other: 'ERROR' } },
      metrics: {
        prometheus: { bindAddress: `127.0.0.1:${coreMetricsPort}`, useSecondsForDurations: true },
      },
    },
  });
  const url = `http://127.0.0.1:${coreMetricsPort}/metrics`;
  return {
    async coreMetrics() {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (!res.ok) throw new Error(`the Temporal core's metrics answered ${res.status}`);
      return res.text();
    },
  };
}
