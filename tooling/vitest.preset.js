import { defineConfig } from 'vitest/config';

/**
 * Shared vitest preset. Workspace packages resolve to their TypeScript sources
 * through the `@llm/source` export condition, so tests never need a build.
 */
export const vitestPreset = defineConfig({
  resolve: { conditions: ['@llm/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@llm/source', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'threads',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});

export default vitestPreset;
