import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { AppConfig } from './app-config.js';

/** What both the client and the worker's native connection take to reach Temporal. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | false;
  apiKey?: string;
}

/**
 * TEMPORAL_ADDRESS and its TLS settings and API key (checked by loadConfig) as the SDK takes
 * them; the files are read here, at connect time, so a renewed certificate is used on reconnect.
 * Nothing set = plain, as the embedded dev server speaks.
 */
export function temporalConnectionOptions(
  config: AppConfig,
  address = config.TEMPORAL_ADDRESS,
): TemporalConnectionOptions {
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set');
  const tlsWanted =
    config.TEMPORAL_TLS === 'true' ||
    !!config.TEMPORAL_TLS_CA_FILE ||
    !!config.TEMPORAL_TLS_CERT_FILE ||
    !!config.TEMPORAL_TLS_SERVER_NAME ||
    (!!config.TEMPORAL_API_KEY && config.TEMPORAL_TLS !== 'false');
  const options: TemporalConnectionOptions = { address };
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  if (!tlsWanted) {
    // An API key on a plain connection only when TLS was turned off on purpose (e.g. a local TLS sidecar).
    if (options.apiKey) options.tls = false;
    return options;
  }
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_CA_FILE) tls.serverRootCACertificate = readFileSync(config.TEMPORAL_TLS_CA_FILE);
  if (config.TEMPORAL_TLS_CERT_FILE && config.TEMPORAL_TLS_KEY_FILE)
    tls.clientCertPair = {
      crt: readFileSync(config.TEMPORAL_TLS_CERT_FILE),
      key: readFileSync(config.TEMPORAL_TLS_KEY_FILE),
    };
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  options.tls = tls;
  return options;
}
