import { defineConfig } from 'vitest/config';

/**
 * Shared vitest preset. Workspace packages resolve to their TypeScript sources through the
 * `@llm/source` export condition, so tests never need a build. Each run also writes
 * `.vitest-results.json`, which `tooling/test-summary.mjs` adds up for CI.
 */
export const vitestPreset = defineConfig({
  resolve: { conditions: ['@llm/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@llm/source', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'threads',
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});

export default vitestPreset;
