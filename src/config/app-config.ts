import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const PROXY_ADDRESS = String.raw`(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)`;
const TRUST_PROXY_FORM = new RegExp(String.raw`^(\d{1,2}|${PROXY_ADDRESS}(\s*,\s*${PROXY_ADDRESS})*)$`);

/**
 * Every setting the system reads from the environment, typed and validated once at start.
 * A wrong value stops start-up with one line naming the variable (see ConfigError).
 * `.env.example` lists them with their defaults.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** API listen port. */
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 1 and 65535' })
  @Min(1, { message: 'must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1 and 65535' })
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  /** External Postgres; unset = the embedded one under DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[^\s/?]+(\?\S*)?$/, {
    message: 'must be a URL like postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  /**
   * The role that owns the schema and runs the migrations, on the database of DATABASE_URL
   * (whose role then owns nothing; the two may reach it by different hosts, e.g. a pooler). Unset = DATABASE_URL (one role for both); with the embedded
   * Postgres, its generated owner role.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[^\s/?]+(\?\S*)?$/, {
    message: 'must be a URL like postgres://owner:password@host:5432/database',
  })
  DATABASE_OWNER_URL?: string;

  /** External Temporal frontend host:port; unset = the embedded dev server. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}$/, { message: 'must be host:port, e.g. temporal:7233' })
  TEMPORAL_ADDRESS?: string;

  /**
   * TLS to an external Temporal: true = with the system's CAs (Temporal Cloud); implied by any
   * TEMPORAL_TLS_* file or server name below, and by TEMPORAL_API_KEY; false = plain, refused beside them.
   */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  TEMPORAL_TLS?: 'true' | 'false';

  /** PEM file of the CA that signed the Temporal frontend's certificate (a self-hosted cluster's own CA). */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CA_FILE?: string;

  /** PEM files of this client's certificate and its key, for a cluster that requires mTLS; both or neither. */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_KEY_FILE?: string;

  /** The name the frontend's certificate is checked against, when it is not TEMPORAL_ADDRESS's host. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+$/, { message: 'must be a host name, e.g. temporal.internal' })
  TEMPORAL_TLS_SERVER_NAME?: string;

  /** API key (Temporal Cloud, or a cluster with API-key auth), sent as a bearer token over TLS. */
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'must be an API key' })
  TEMPORAL_API_KEY?: string;

  /**
   * Postgres connections per process. A registration holds one for its whole transaction,
   * including the Temporal start call, so keep it above the requests in flight (the
   * benchmark measured a pool of 10 as the API's bottleneck).
   */
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 2 and 100' })
  @Min(2, { message: 'must be a whole number between 2 and 100' })
  @Max(100, { message: 'must be a whole number between 2 and 100' })
  DB_POOL_MAX = 32;

  /** Workflows a worker keeps in memory between tasks; most wait weeks on a timer, so few need to stay. */
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 0 and 100000' })
  @Min(0, { message: 'must be a whole number between 0 and 100000' })
  @Max(100000, { message: 'must be a whole number between 0 and 100000' })
  WORKER_MAX_CACHED_WORKFLOWS = 500;

  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be a Temporal namespace name' })
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be a task queue name (letters, digits, . _ -)' })
  TEMPORAL_TASK_QUEUE = 'labour-export';

  /** Shown in the start banner when Temporal is external. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'must be a URL like http://localhost:8233' })
  TEMPORAL_UI_URL?: string;

  /**
   * The proxies in front of the API whose X-Forwarded-For/-Proto are believed: unset = none;
   * a number = that many hops; or names and addresses (loopback, 10.0.0.0/8, …, comma-separated).
   * Behind a TLS proxy this is what makes the console's cookies Secure and logs the client's address.
   */
  @IsOptional()
  @Matches(TRUST_PROXY_FORM, {
    message: 'must be a number of hops (1) or addresses/subnets, e.g. loopback or 10.0.0.0/8,172.16.0.0/12',
  })
  TRUST_PROXY?: string;

  /** Where the embedded Postgres and Temporal keep their data. */
  @IsString()
  @MinLength(1)
  DATA_DIR = '.data';

  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 1024 and 65535' })
  @Min(1024, { message: 'must be a whole number between 1024 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1024 and 65535' })
  EMBEDDED_PG_PORT = 54329;

  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 1024 and 65535' })
  @Min(1024, { message: 'must be a whole number between 1024 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1024 and 65535' })
  EMBEDDED_TEMPORAL_PORT = 7233;

  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 1024 and 65535' })
  @Min(1024, { message: 'must be a whole number between 1024 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1024 and 65535' })
  EMBEDDED_TEMPORAL_UI_PORT = 8233;

  /**
   * The first county office's name, phone and 文号 prefix, as the Offices migration creates it
   * (validated here so a bad value stops the start); afterwards each county's own, in `offices`,
   * are what documents, pages and numbers use.
   */
  @IsString()
  @MinLength(2)
  BUREAU_NAME = '示范县劳动就业服务局';

  @IsString()
  @Matches(/^[0-9-]{7,20}$/, { message: 'must be a phone number like 0458-5612345' })
  BUREAU_PHONE = '0458-5612345';

  @IsString()
  @MinLength(1)
  DOCUMENT_PREFIX = '示劳输';

  /** The bank file a payout batch produces for the 代发 channel: xlsx (most banks' template) or csv. */
  @IsIn(['xlsx', 'csv'], { message: 'must be xlsx or csv' })
  BANK_FILE_FORMAT: 'xlsx' | 'csv' = 'xlsx';

  /** Bearer tokens expire after this many minutes. */
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number of minutes (5 to 10080)' })
  @Min(5, { message: 'must be a whole number of minutes (5 to 10080)' })
  @Max(10080, { message: 'must be a whole number of minutes (5 to 10080)' })
  AUTH_TOKEN_TTL_MINUTES = 480;

  /**
   * Failed logins one client address may make in 15 minutes before its logins are refused
   * unhashed (the per-username lock is separate). Behind a proxy, set TRUST_PROXY, or every
   * client shares the proxy's address.
   */
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 10 and 1000000' })
  @Min(10, { message: 'must be a whole number between 10 and 1000000' })
  @Max(1_000_000, { message: 'must be a whole number between 10 and 1000000' })
  LOGIN_ADDRESS_FAILURES = 50;

  /**
   * A Chromium to print PDFs with instead of the bundled one (@sparticuz/chromium). One
   * that is not an executable file is reported in the log and the bundled one is used.
   */
  @IsOptional()
  @IsString()
  CHROMIUM_PATH?: string;

  /** Documents printing to PDF at once in the API's browser; further requests wait their turn. */
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 1 and 16' })
  @Min(1, { message: 'must be a whole number between 1 and 16' })
  @Max(16, { message: 'must be a whole number between 1 and 16' })
  PDF_MAX_PAGES = 2;

  /** Applies to the app's own logs, the request lines and the Temporal SDK's (verbose = pino's trace). */
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** auto: human-readable in a terminal, one JSON object per line otherwise (a pipe, a container, a file). */
  @IsIn(['auto', 'json', 'pretty'], { message: 'must be auto, json or pretty' })
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  /** The worker's own HTTP listener (on HOST): /health/live, /health/ready and /metrics. */
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 1 and 65535' })
  @Min(1, { message: 'must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1 and 65535' })
  WORKER_HTTP_PORT = 3001;

  /**
   * Unset: the API serves /metrics on PORT. Set: only on this port (on METRICS_HOST), so it can
   * stay on an internal address while PORT faces users.
   */
  @IsOptional()
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number between 1 and 65535' })
  @Min(1, { message: 'must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1 and 65535' })
  METRICS_PORT?: number;

  /** Where the API's METRICS_PORT listens; unset = HOST. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  METRICS_HOST?: string;

  /** The office figures on /metrics (overdue contracts, …) are queried at most once per this many seconds. */
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'must be a whole number of seconds (0 to 3600)' })
  @Min(0, { message: 'must be a whole number of seconds (0 to 3600)' })
  @Max(3600, { message: 'must be a whole number of seconds (0 to 3600)' })
  METRICS_CACHE_SECONDS = 30;

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }
}

/** TRUST_PROXY as Express takes it: hops as a number, else the list of names and subnets. */
export function trustProxy(value: string | undefined): number | string[] | false {
  if (!value) return false;
  return /^\d+$/.test(value) ? Number(value) : value.split(',').map((a) => a.trim());
}

function toInt(value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return value;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
    readonly value: unknown,
  ) {
    super(`Configuration error: ${variable}=${JSON.stringify(value)} ${reason}`);
    this.name = 'ConfigError';
  }
}

const KEYS = Object.keys(new AppConfig()) as (keyof AppConfig)[];

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of [
    ...KEYS,
    'DATABASE_URL',
    'DATABASE_OWNER_URL',
    'TEMPORAL_ADDRESS',
    'TEMPORAL_UI_URL',
    'METRICS_PORT',
    'METRICS_HOST',
    'CHROMIUM_PATH',
    ...TEMPORAL_SECURITY,
  ]) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const e = errors[0];
    const reason = Object.values(e.constraints ?? {})[0] ?? 'is invalid';
    const value = e.property === 'TEMPORAL_API_KEY' ? '(set)' : raw[e.property];
    throw new ConfigError(e.property, reason.replace(new RegExp(`^${e.property}\\s+`), ''), value);
  }
  checkTemporalSecurity(config);
  if (config.DATABASE_OWNER_URL) {
    if (!config.DATABASE_URL)
      throw new ConfigError('DATABASE_OWNER_URL', 'needs DATABASE_URL (the app role) beside it', '(set)');
    if (databaseOf(config.DATABASE_OWNER_URL) !== databaseOf(config.DATABASE_URL))
      throw new ConfigError(
        'DATABASE_OWNER_URL',
        `must name the same database as DATABASE_URL (${databaseOf(config.DATABASE_URL)})`,
        redactUrl(config.DATABASE_OWNER_URL),
      );
  }
  return config;
}

/** The settings of a secured Temporal connection (src/temporal/connection-options.ts turns them into the SDK's). */
const TEMPORAL_SECURITY = [
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CA_FILE',
  'TEMPORAL_TLS_CERT_FILE',
  'TEMPORAL_TLS_KEY_FILE',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_API_KEY',
] as const;

/**
 * Refused at start rather than at the first connection: half a certificate pair, a file that
 * cannot be read, a client certificate beside an API key (a cluster authenticates by one or the
 * other), TLS turned off beside TLS settings, or any of them for the embedded dev server (no TLS).
 */
function checkTemporalSecurity(c: AppConfig): void {
  const set = TEMPORAL_SECURITY.filter((k) => c[k] !== undefined);
  if (!set.length) return;
  const shown = (k: (typeof TEMPORAL_SECURITY)[number]) => (k === 'TEMPORAL_API_KEY' ? '(set)' : c[k]);
  if (!c.TEMPORAL_ADDRESS)
    throw new ConfigError(
      set[0],
      'applies to an external Temporal: set TEMPORAL_ADDRESS (the embedded dev server has no TLS)',
      shown(set[0]),
    );
  if (c.TEMPORAL_TLS_CERT_FILE && !c.TEMPORAL_TLS_KEY_FILE)
    throw new ConfigError(
      'TEMPORAL_TLS_CERT_FILE',
      'needs TEMPORAL_TLS_KEY_FILE (its private key) beside it',
      c.TEMPORAL_TLS_CERT_FILE,
    );
  if (c.TEMPORAL_TLS_KEY_FILE && !c.TEMPORAL_TLS_CERT_FILE)
    throw new ConfigError(
      'TEMPORAL_TLS_KEY_FILE',
      'needs TEMPORAL_TLS_CERT_FILE (its certificate) beside it',
      c.TEMPORAL_TLS_KEY_FILE,
    );
  if (c.TEMPORAL_API_KEY && c.TEMPORAL_TLS_CERT_FILE)
    throw new ConfigError(
      'TEMPORAL_API_KEY',
      'cannot be used with a client certificate (TEMPORAL_TLS_CERT_FILE): the cluster authenticates by one or the other',
      '(set)',
    );
  if (c.TEMPORAL_TLS === 'false') {
    // An API key may go plain on purpose (a TLS sidecar beside the process); TLS files may not.
    const other = set.find((k) => k !== 'TEMPORAL_TLS' && k !== 'TEMPORAL_API_KEY');
    if (other) throw new ConfigError('TEMPORAL_TLS', `cannot be false beside ${other}`, 'false');
  }
  for (const k of ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE'] as const) {
    const file = c[k];
    if (!file) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(
        k,
        `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        file,
      );
    }
    if (!text.includes('-----BEGIN ')) throw new ConfigError(k, 'is not a PEM file', file);
  }
}

/** The database a Postgres URL names. */
function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** A Postgres URL with its password replaced by ***, to show in messages and banners. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
