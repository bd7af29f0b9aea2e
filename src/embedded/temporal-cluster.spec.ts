import { MAX_MEMBERSHIP_PORT, renderTemporalServerConfig, temporalPorts } from './temporal-cluster.js';

describe("the production Temporal server's ports", () => {
  it('refuses a base whose membership ports Temporal could not store (SMALLINT), before the server exits on it', () => {
    expect(() => temporalPorts(56510)).toThrow(/SMALLINT/);
    expect(() => temporalPorts(MAX_MEMBERSHIP_PORT - 7)).toThrow(/at most 32767/);
    expect(() =>
      renderTemporalServerConfig({ pgHost: 'h', pgPort: 1, password: 'p', basePort: 40000, dynamicConfigFile: 'f' }),
    ).toThrow(/SMALLINT/);
  });

  it('accepts the highest base that fits and renders every membership port from it', () => {
    const base = MAX_MEMBERSHIP_PORT - 8;
    const p = temporalPorts(base);
    expect(Math.max(p.frontendMembership, p.historyMembership, p.matchingMembership, p.workerMembership)).toBe(
      MAX_MEMBERSHIP_PORT,
    );
    const yaml = renderTemporalServerConfig({
      pgHost: 'h',
      pgPort: 1,
      password: 'p',
      basePort: 26510,
      dynamicConfigFile: 'f',
    });
    expect(yaml.match(/membershipPort: (\d+)/g)).toEqual([
      'membershipPort: 26512',
      'membershipPort: 26514',
      'membershipPort: 26516',
      'membershipPort: 26518',
    ]);
  });
});
