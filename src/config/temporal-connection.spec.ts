import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';
import { temporalConnectionOptions } from './temporal-connection.js';

const dir = mkdtempSync(join(tmpdir(), 'temporal-tls-'));
const pem = (name: string, kind: string) => {
  const file = join(dir, name);
  writeFileSync(file, `-----BEGIN ${kind}-----\n${name}\n-----END ${kind}-----\n`);
  return file;
};
const CA = pem('ca.pem', 'CERTIFICATE');
const CERT = pem('client.pem', 'CERTIFICATE');
const KEY = pem('client.key', 'PRIVATE KEY');
const NOT_PEM = join(dir, 'notes.txt');
writeFileSync(NOT_PEM, 'not a certificate');
const ADDRESS = 'temporal.internal:7233';
const KEY_VALUE = 'tc-api-key-0123456789';

const options = (env: Record<string, string>) =>
  temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: ADDRESS, ...env }));

describe('Temporal connection settings → connection options', () => {
  it('nothing set: a plain connection, as the embedded dev server speaks', () => {
    expect(options({})).toEqual({ address: ADDRESS });
  });

  it('TEMPORAL_TLS=true: TLS with the system CAs (Temporal Cloud)', () => {
    expect(options({ TEMPORAL_TLS: 'true' })).toEqual({ address: ADDRESS, tls: {} });
  });

  it("a CA file: TLS trusting that CA, the file's bytes", () => {
    const o = options({ TEMPORAL_TLS_CA_FILE: CA });
    if (!o.tls) throw new Error('expected TLS');
    expect(Buffer.from(o.tls.serverRootCACertificate!).toString()).toContain('ca.pem');
    expect(o.tls.clientCertPair).toBeUndefined();
  });

  it('a client certificate and key, a CA and a server name: mTLS with all of them', () => {
    const o = options({
      TEMPORAL_TLS_CA_FILE: CA,
      TEMPORAL_TLS_CERT_FILE: CERT,
      TEMPORAL_TLS_KEY_FILE: KEY,
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.internal',
    });
    if (!o.tls) throw new Error('expected TLS');
    expect(Buffer.from(o.tls.clientCertPair!.crt).toString()).toContain('client.pem');
    expect(Buffer.from(o.tls.clientCertPair!.key).toString()).toContain('client.key');
    expect(o.tls.serverNameOverride).toBe('frontend.temporal.internal');
    expect(o.apiKey).toBeUndefined();
  });

  it('an API key: sent over TLS by default, with a CA of its own if given', () => {
    expect(options({ TEMPORAL_API_KEY: KEY_VALUE })).toEqual({ address: ADDRESS, apiKey: KEY_VALUE, tls: {} });
    const o = options({ TEMPORAL_API_KEY: KEY_VALUE, TEMPORAL_TLS_CA_FILE: CA });
    expect(o.apiKey).toBe(KEY_VALUE);
    expect(o.tls && o.tls.serverRootCACertificate).toBeDefined();
  });

  it('an API key with TLS turned off on purpose: plain, and said so to the SDK (it would turn TLS on)', () => {
    expect(options({ TEMPORAL_API_KEY: KEY_VALUE, TEMPORAL_TLS: 'false' })).toEqual({
      address: ADDRESS,
      apiKey: KEY_VALUE,
      tls: false,
    });
  });
});

describe('Temporal connection settings refused at start, naming the setting', () => {
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).not.toContain('\n');
      return e as ConfigError;
    }
    throw new Error('not refused');
  };
  const withAddress = (env: Record<string, string>) => refusal({ TEMPORAL_ADDRESS: ADDRESS, ...env });

  it('a certificate without its key, and a key without its certificate', () => {
    expect(withAddress({ TEMPORAL_TLS_CERT_FILE: CERT }).message).toMatch(
      /^Configuration error: TEMPORAL_TLS_CERT_FILE=".*" needs TEMPORAL_TLS_KEY_FILE/,
    );
    expect(withAddress({ TEMPORAL_TLS_KEY_FILE: KEY }).variable).toBe('TEMPORAL_TLS_KEY_FILE');
  });

  it('a file that does not exist, cannot be read, or is not PEM', () => {
    const missing = withAddress({ TEMPORAL_TLS_CA_FILE: join(dir, 'nope.pem') });
    expect(missing.variable).toBe('TEMPORAL_TLS_CA_FILE');
    expect(missing.message).toContain('cannot be read (ENOENT)');
    expect(withAddress({ TEMPORAL_TLS_CERT_FILE: CERT, TEMPORAL_TLS_KEY_FILE: dir }).message).toMatch(
      /TEMPORAL_TLS_KEY_FILE=.* cannot be read \(EISDIR\)/,
    );
    expect(withAddress({ TEMPORAL_TLS_CA_FILE: NOT_PEM }).message).toMatch(/TEMPORAL_TLS_CA_FILE=.* is not a PEM file/);
    if (process.getuid?.() !== 0) {
      const locked = pem('locked.key', 'PRIVATE KEY');
      chmodSync(locked, 0o000);
      expect(withAddress({ TEMPORAL_TLS_CERT_FILE: CERT, TEMPORAL_TLS_KEY_FILE: locked }).message).toContain(
        'cannot be read (EACCES)',
      );
    }
  });

  it('an API key beside a client certificate: one or the other, and the key is never shown', () => {
    const e = withAddress({ TEMPORAL_API_KEY: KEY_VALUE, TEMPORAL_TLS_CERT_FILE: CERT, TEMPORAL_TLS_KEY_FILE: KEY });
    expect(e.variable).toBe('TEMPORAL_API_KEY');
    expect(e.message).toContain('TEMPORAL_TLS_CERT_FILE');
    expect(e.message).not.toContain(KEY_VALUE);
  });

  it('TLS turned off beside TLS settings; a bad server name; any of them without an external Temporal', () => {
    expect(withAddress({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_FILE: CA }).message).toMatch(
      /^Configuration error: TEMPORAL_TLS="false" cannot be false beside TEMPORAL_TLS_CA_FILE/,
    );
    expect(withAddress({ TEMPORAL_TLS: 'yes' }).variable).toBe('TEMPORAL_TLS');
    expect(withAddress({ TEMPORAL_TLS_SERVER_NAME: 'https://x' }).variable).toBe('TEMPORAL_TLS_SERVER_NAME');
    const embedded = refusal({ TEMPORAL_API_KEY: KEY_VALUE });
    expect(embedded.variable).toBe('TEMPORAL_API_KEY');
    expect(embedded.message).toContain('set TEMPORAL_ADDRESS');
    expect(embedded.message).not.toContain(KEY_VALUE);
  });
});
