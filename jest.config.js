import { TEST_WORKERS } from './test/setup/parallel.mjs';

// Jest in ESM mode (NestJS 12 is ESM-only), TypeScript through @swc/jest with decorator metadata.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'es6' },
    },
  ],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
};

export default {
  testTimeout: 120_000,
  // Files run in TEST_WORKERS workers (default 2), each on its own database and Temporal namespace
  // (see test/setup/parallel.mjs); a worker is replaced once it holds more than this after a file:
  // ESM mode keeps every file's module graph alive, and one process running them all ran out of heap.
  maxWorkers: TEST_WORKERS,
  workerIdleMemoryLimit: '1500MB',
  reporters: ['default', '<rootDir>/test/setup/closing-line.mjs'],
  projects: [
    // Pure unit specs beside the code: no servers.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    // Workflow tests (time-skipping server) and e2e (real Postgres, real dev server, real worker).
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      setupFiles: ['<rootDir>/test/setup/worker-env.mjs'],
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
    },
  ],
};
