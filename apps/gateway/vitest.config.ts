import { defineConfig, mergeConfig } from 'vitest/config';
import preset from '@llm/tooling/vitest';

/**
 * The gateway's tests start the built gateway (and fake vendors, Redis) as processes: on a loaded
 * machine a start alone can take several seconds, so tests and hooks get two minutes.
 */
export default mergeConfig(preset, defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } }));
