import { defineConfig } from 'vitest/config';
import { vitestPreset } from '@llm/tooling/vitest';

// pg (CommonJS) requires pg-pool, whose exports map gives ESM under the `import` condition: with
// `import` among the conditions Node resolves with, `require('pg-pool')` returns a module namespace
// and pg's `class extends Pool` fails. Without it, ESM packages still resolve through `default`.
const conditions = ['@llm/source', 'node', 'default'];
export default defineConfig({ ...vitestPreset, resolve: { conditions }, ssr: { resolve: { conditions } } });
