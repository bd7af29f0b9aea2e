import { ConfigError, loadConfig } from './app-config.js';

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
    ['TEMPORAL_ADDRESS', 'http://temporal'],
    ['NODE_ENV', 'staging'],
    ['AUTH_TOKEN_TTL_MINUTES', '1.5'],
    ['LOG_FORMAT', 'xml'],
    ['WORKER_HTTP_PORT', '0'],
    ['METRICS_PORT', 'nine'],
    ['METRICS_CACHE_SECONDS', '-1'],
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
});
