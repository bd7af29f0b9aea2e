import { ConfigError, loadConfig, trustProxy } from './app-config.js';

describe('loadConfig', () => {
  it('gives typed defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.TEMPORAL_TASK_QUEUE).toBe('labour-export');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.LOG_FORMAT).toBe('auto');
    expect(c.WORKER_HTTP_PORT).toBe(3001);
    expect(c.METRICS_PORT).toBeUndefined();
  });

  it('converts numbers and keeps given URLs', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/app',
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_URL).toBe('postgres://u:p@db:5432/app');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_OWNER_URL', 'mysql://x'],
    ['TEMPORAL_ADDRESS', 'http://temporal'],
    ['NODE_ENV', 'staging'],
    ['AUTH_TOKEN_TTL_MINUTES', '1.5'],
    ['LOG_FORMAT', 'xml'],
    ['WORKER_HTTP_PORT', '0'],
    ['METRICS_PORT', 'nine'],
    ['METRICS_CACHE_SECONDS', '-1'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', 'proxy.example.com'],
  ])('refuses %s=%s with one line naming the variable', (variable, value) => {
    let err: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect((err as Error).message).toMatch(new RegExp(`^Configuration error: ${variable}=`));
    expect((err as Error).message).not.toContain('\n');
  });

  it('reads TRUST_PROXY as hops or as names and subnets, and trusts no proxy when unset', () => {
    expect(trustProxy(loadConfig({}).TRUST_PROXY)).toBe(false);
    expect(trustProxy(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY)).toBe(1);
    expect(trustProxy(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).TRUST_PROXY)).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
  });

  describe('DATABASE_OWNER_URL (the role that runs the migrations)', () => {
    const app = 'postgres://labour_export_app:a@db:5432/labour_export';

    it('is unset by default, so the migrations run as DATABASE_URL', () => {
      expect(loadConfig({ DATABASE_URL: app }).DATABASE_OWNER_URL).toBeUndefined();
    });

    it('is kept when it names the same database as DATABASE_URL, also at another host and port (the app through a pooler)', () => {
      const owner = 'postgres://labour_export_owner:o@db-direct:6432/labour_export';
      expect(loadConfig({ DATABASE_URL: app, DATABASE_OWNER_URL: owner }).DATABASE_OWNER_URL).toBe(owner);
    });

    it.each([
      ['without DATABASE_URL', {}, /needs DATABASE_URL/],
      ['on another database', { DATABASE_URL: app }, /same database as DATABASE_URL \(labour_export\)/],
    ])('is refused %s, without showing its password', (_, env, reason) => {
      let err: unknown;
      try {
        loadConfig({ ...env, DATABASE_OWNER_URL: 'postgres://owner:secret@db:5432/other' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variable).toBe('DATABASE_OWNER_URL');
      expect((err as Error).message).toMatch(reason);
      expect((err as Error).message).not.toContain('secret');
    });
  });
});
