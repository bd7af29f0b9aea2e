// The API fuzzed from its OpenAPI document (npm run fuzz): the integration project's set-up, its own files.
import base from './jest.config.js';

const integration = base.projects.find((p) => p.displayName === 'integration');

export default {
  testTimeout: 600_000,
  reporters: base.reporters,
  projects: [{ ...integration, displayName: 'fuzz', testMatch: ['<rootDir>/test/fuzz/**/*.fuzz.ts'] }],
};
