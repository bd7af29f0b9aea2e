import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
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

/**
 * Why a connect failed, in words: the SDK only says it did not connect before the deadline, so
 * over TLS the handshake is tried again here, as the SDK makes it, and its refusal (an unknown CA,
 * a name that does not match, a client certificate required) is what the error says.
 */
export async function explainConnectFailure(options: TemporalConnectionOptions, err: Error): Promise<Error> {
  if (!options.tls) return err;
  const [host, port] = [options.address.slice(0, options.address.lastIndexOf(':')), options.address.split(':').pop()];
  const tls = options.tls;
  const refusal = await new Promise<string | null>((done) => {
    const socket = connect({
      host,
      port: Number(port),
      servername: tls.serverNameOverride ?? host,
      ALPNProtocols: ['h2'],
      ...(tls.serverRootCACertificate ? { ca: Buffer.from(tls.serverRootCACertificate) } : {}),
      ...(tls.clientCertPair
        ? { cert: Buffer.from(tls.clientCertPair.crt), key: Buffer.from(tls.clientCertPair.key) }
        : {}),
    });
    const end = (why: string | null) => {
      socket.destroy();
      done(why);
    };
    socket.setTimeout(5000, () => end(null));
    socket.once('error', (e) => end(e.message));
    // TLS 1.3 tells of a refused client certificate only after the handshake: wait a moment for it.
    socket.once('secureConnect', () => setTimeout(() => end(null), 300));
  });
  if (!refusal) return err;
  const hint = tls.serverRootCACertificate ? '' : ' (set TEMPORAL_TLS_CA_FILE to the CA that signed it)';
  return new Error(`TLS to Temporal at ${options.address} failed: ${refusal}${hint}; ${err.message}`, { cause: err });
}
