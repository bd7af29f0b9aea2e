/**
 * The Temporal TLS settings against a real TLS endpoint: a CA and certificates made with the
 * openssl CLI, a node:tls proxy (ALPN h2) in front of the test's Temporal dev server. The API's
 * client (TemporalService) and the worker's native connection reach it with the CA, and fail
 * with a certificate error without it; with mTLS required, only with the client pair.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../src/config/app-config.js';
import { temporalConnectionOptions } from '../src/config/temporal-connection.js';
import { TemporalService } from '../src/temporal/temporal.service.js';
import { TEST_TEMPORAL_PORT } from './support/test-env.js';

const dir = mkdtempSync(join(tmpdir(), 'temporal-tls-e2e-'));
const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A CA, and a certificate it signed for `name` (a server's with its SAN, or a client's). */
function makeCertificates() {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=labour-export test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  const sign = (name: string, ext: string) => {
    writeFileSync(file(`${name}.ext`), ext);
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      `${name}.pem`,
      '-extfile',
      `${name}.ext`,
    );
  };
  sign('server', 'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n');
  sign('client', 'extendedKeyUsage=clientAuth\n');
}

const servers: Server[] = [];
const sockets = new Set<Socket>();
/** TLS in front of the dev server's plain gRPC; with `mtls`, a client certificate from the CA is required. */
async function tlsProxy(mtls = false): Promise<number> {
  const server = createServer(
    {
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.pem')),
      ALPNProtocols: ['h2'],
      ...(mtls ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(file('ca.pem')) } : {}),
    },
    (client) => {
      const upstream = connect(TEST_TEMPORAL_PORT, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  servers.push(server);
  return (server.address() as { port: number }).port;
}

let port: number;
let mtlsPort: number;
beforeAll(async () => {
  makeCertificates();
  port = await tlsProxy();
  mtlsPort = await tlsProxy(true);
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
});

const config = (env: Record<string, string>, to = port) =>
  loadConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${to}`, TEMPORAL_TLS_SERVER_NAME: 'temporal.test', ...env });

it('with the CA: the API client and the worker connection reach Temporal through TLS', async () => {
  const c = config({ TEMPORAL_TLS_CA_FILE: file('ca.pem') });
  const api = new TemporalService(c);
  expect(await api.health()).toEqual({ up: true, address: `127.0.0.1:${port}` });
  await api.onApplicationShutdown();
  const native = await NativeConnection.connect(temporalConnectionOptions(c));
  try {
    const info = await native.workflowService.getSystemInfo({});
    expect(info.serverVersion).toBeTruthy();
  } finally {
    await native.close();
  }
});

it('without the CA (the system CAs only): refused, saying why', async () => {
  const health = await new TemporalService(config({ TEMPORAL_TLS: 'true' })).health();
  expect(health.up).toBe(false);
  expect(health.error).toMatch(
    /^TLS to Temporal at 127\.0\.0\.1:\d+ failed: (unable to verify the first certificate|self[- ]signed certificate in certificate chain) \(set TEMPORAL_TLS_CA_FILE/,
  );
});

it('mTLS: reached with the client certificate and key, refused without them', async () => {
  const ca = { TEMPORAL_TLS_CA_FILE: file('ca.pem') };
  const pair = { ...ca, TEMPORAL_TLS_CERT_FILE: file('client.pem'), TEMPORAL_TLS_KEY_FILE: file('client.key') };
  const withPair = new TemporalService(config(pair, mtlsPort));
  expect((await withPair.health()).up).toBe(true);
  await withPair.onApplicationShutdown();
  const without = await new TemporalService(config(ca, mtlsPort)).health();
  expect(without.up).toBe(false);
  expect(without.error).toMatch(/^TLS to Temporal at .* failed: .*certificate/i);
});
