import { mergeConfig } from 'vitest/config';
import preset from '@llm/tooling/vitest';

// The conversion scripts are tested beside their code too.
export default mergeConfig(preset, { test: { include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] } });
