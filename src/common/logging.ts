/**
 * One logger per process (pino, through nestjs-pino): Nest's own logs, one line per HTTP request,
 * and (in the worker) the Temporal SDK's logs all go through it, so every line is redacted the
 * same way and has the same shape. JSON, one object per line, unless the output is a terminal
 * (or LOG_FORMAT=pretty), where it is printed for a person to read.
 */
import { Module } from '@nestjs/common';
import type { Request, Response } from 'express';
import { basename } from 'node:path';
import { LoggerModule, type Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Level, type LoggerOptions } from 'pino';
import type { Options as HttpLogOptions } from 'pino-http';
import prettyStream from 'pino-pretty';
import type { Actor } from './request-context.js';
import { AppConfig } from '../config/app-config.js';
import { redactPersonalData } from './log-redaction.js';
import { routePattern } from './request-route.js';

const PINO_LEVELS: Record<AppConfig['LOG_LEVEL'], Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

function loggerOptions(config: AppConfig): LoggerOptions {
  return {
    level: PINO_LEVELS[config.LOG_LEVEL],
    // api or worker: the entry file that runs (dist/src/api.js, dist/src/worker.js).
    name: basename(process.argv[1] ?? 'node', '.js'),
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: { streamWrite: redactPersonalData },
  };
}

/** Synchronous writes: the last lines before an exit (a start-up failure, a crash) are not lost. */
function logDestination(config: AppConfig): DestinationStream {
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && process.stdout.isTTY === true);
  if (pretty)
    return prettyStream({
      sync: true,
      colorize: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,context,method,route,status,durationMs',
      messageFormat: '{if context}[{context}] {end}{msg}',
      singleLine: true,
    });
  return pino.destination({ dest: 1, sync: true });
}

type LoggedRequest = Request & { actor?: Actor };

/** The fields of the one line written when a request has been answered. */
function requestFields(req: LoggedRequest, res: Response, durationMs: number) {
  return {
    method: req.method,
    route: routePattern(req),
    // A console form may send its CSRF token in the query string; it is a credential.
    url: req.originalUrl.replace(/([?&]_csrf=)[^&]*/g, '$1[redacted]'),
    status: res.statusCode,
    durationMs,
    ...(req.actor ? { user: { id: req.actor.userId, role: req.actor.role } } : {}),
  };
}

/** Probes and scrapes come every few seconds; a line for each would bury everything else. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

function httpLogOptions(config: AppConfig): HttpLogOptions<LoggedRequest, Response> {
  return {
    ...loggerOptions(config),
    // The id chosen by requestContextMiddleware (the caller's X-Request-Id or a new one).
    genReqId: (req, res) => String(res.getHeader('X-Request-Id') ?? req.id),
    // Lines written during a request carry only its id; headers (tokens, cookies) are never logged.
    quietReqLogger: true,
    quietResLogger: true,
    autoLogging: { ignore: (req) => QUIET_PATHS.has(req.path) },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessObject: (req, res, val: { responseTime: number }) => requestFields(req, res, val.responseTime),
    // Nest's error filter has already logged a failure's real error, under the same reqId; what
    // pino-http would add here is its own placeholder ("failed with status code 500").
    customErrorObject: (req, res, _err, val: { responseTime: number }) => requestFields(req, res, val.responseTime),
    customSuccessMessage: (req, res, ms) => `${req.method} ${routePattern(req)} ${res.statusCode} ${ms}ms`,
    customErrorMessage: (req, res) => `${req.method} ${routePattern(req)} ${res.statusCode}`,
  };
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig): Params => ({
        pinoHttp: [httpLogOptions(config) as HttpLogOptions, logDestination(config)],
      }),
    }),
  ],
})
export class LoggingModule {}
