import { mergeConfig } from 'vitest/config';
import preset from '@llm/tooling/vitest';

// Coverage is measured by `pnpm coverage` at the repository root (v8), not by `pnpm test`.
export default mergeConfig(preset, {
  test: {
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/*.test-util.ts', 'src/**/index.ts'],
      reporter: ['text-summary', 'text', 'json-summary'],
      reportsDirectory: 'coverage',
    },
  },
});
