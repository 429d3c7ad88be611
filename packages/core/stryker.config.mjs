// Mutation testing of core's resilience and cost modules: `pnpm mutation` at the repository root
// (not part of `pnpm test`; CPU-heavy). One file: `pnpm mutation --mutate src/retry/retry-middleware.ts`.
// See docs/testing.md for the scores measured and the survivors accepted.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/retry/**/*.ts',
    'src/timeout/**/*.ts',
    'src/circuit-breaker/**/*.ts',
    'src/rate-limit/**/*.ts',
    'src/budget/**/*.ts',
    'src/cost/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/*.test-util.ts',
    '!src/**/index.ts',
  ],
  // A shared machine: one test process at a time.
  concurrency: 1,
  timeoutMS: 10_000,
  timeoutFactor: 3,
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
