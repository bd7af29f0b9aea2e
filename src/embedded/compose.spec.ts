/**
 * docker-compose.yml cannot run on the development machine (no Docker engine), so what the
 * rehearsal proved on the real server is held against it here: the same server version for the
 * server and its schema job, the same history shard count (fixed once a cluster exists), every
 * search attribute the workflows set registered, and Temporal's and the app's roles apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { renderTemporalServerConfig, TEMPORAL_ROLE } from './temporal-cluster.js';
import { TEMPORAL_SERVER_VERSION } from './tools.js';

const compose = readFileSync(join(process.cwd(), 'docker-compose.yml'), 'utf8');
/** The text of one top-level service, up to the next one. */
function service(name: string): string {
  const start = compose.indexOf(`\n  ${name}:\n`);
  if (start < 0) throw new Error(`no service ${name} in docker-compose.yml`);
  const rest = compose.slice(start + name.length + 5);
  const end = rest.search(/\n {2}[a-z][\w-]*:\n|\nvolumes:/);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('docker-compose.yml against the rehearsed topology', () => {
  const version = TEMPORAL_SERVER_VERSION.replace(/^v/, '');

  it('runs the server and its schema and search-attribute jobs at the version the rehearsal built, not auto-setup', () => {
    expect(compose).not.toMatch(/image: temporalio\/auto-setup/);
    expect(service('temporal')).toContain(`image: temporalio/server:\${TEMPORAL_VERSION:-${version}}`);
    for (const job of ['temporal-schema', 'temporal-search-attributes'])
      expect(service(job)).toContain(`image: temporalio/admin-tools:\${TEMPORAL_VERSION:-${version}}`);
  });

  it("keeps the rehearsal's history shard count (it cannot change once the cluster exists)", () => {
    const rendered = /numHistoryShards: (\d+)/.exec(
      renderTemporalServerConfig({ pgHost: 'h', pgPort: 1, password: 'p', basePort: 1, dynamicConfigFile: 'f' }),
    )![1];
    expect(service('temporal')).toContain(`NUM_HISTORY_SHARDS: '${rendered}'`);
  });

  it('registers every search attribute the workflows set, with its type', () => {
    const job = service('temporal-search-attributes');
    for (const a of SEARCH_ATTRIBUTES) expect(job).toContain(`--name ${a.name} --type ${a.type}`);
    expect(job.match(/--name \w+ --type \w+/g)).toHaveLength(SEARCH_ATTRIBUTES.length);
  });

  it("connects Temporal as its own role and the app as the app's role, never the superuser", () => {
    expect(service('temporal')).toContain(`POSTGRES_USER: ${TEMPORAL_ROLE}`);
    expect(service('temporal-schema')).toContain(`SQL_USER: ${TEMPORAL_ROLE}`);
    expect(compose).toMatch(/DATABASE_URL: postgres:\/\/labour_export_app:/);
    expect(service('migrate')).toMatch(/DATABASE_OWNER_URL: postgres:\/\/labour_export_owner:/);
    expect(compose).not.toMatch(/postgres:\/\/postgres:/);
  });
});
