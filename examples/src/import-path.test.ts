/**
 * What importing a package loads, as an application meets it: the BUILT package (dist, what is
 * published) imported by plain Node in a fresh process. Dependencies only some users need load on
 * first use, never at import (issue 12, import cost; docs/benchmarks.md "Import time"): zod (our
 * schemas are built on first use; the bundles load zod then, tooling/bundle-package.mjs),
 * `@opentelemetry/api` (tracing and metrics), inversify (DI), yaml (config files), gpt-tokenizer
 * (OpenAI token counts), @pydantic/genai-prices (catalog price source).
 *
 * The child records every module Node resolves through the ESM loader (a resolve hook) and every
 * module in the CommonJS cache (what `require` and `import` of a CommonJS package load).
 * Runs on dist: CI builds before it tests.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const examplesDir = dirname(dirname(fileURLToPath(import.meta.url)));
const logDir = mkdtempSync(join(tmpdir(), 'llm-import-path-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

/** Loaded on first use only. */
const ON_FIRST_USE = ['zod', '@opentelemetry/api', 'inversify', 'yaml', 'gpt-tokenizer', '@pydantic/genai-prices'] as const;
/** Each package and the vendor SDK it imports (what the SDK loads itself is the SDK's cost: the Anthropic SDK imports `@opentelemetry/api`). */
const PACKAGES = [
  { pkg: '@llm/core', sdk: undefined },
  { pkg: '@llm/openai', sdk: 'openai' },
  { pkg: '@llm/anthropic', sdk: '@anthropic-ai/sdk' },
  { pkg: '@llm/google', sdk: '@google/genai' },
  { pkg: '@llm/groq', sdk: 'openai' },
  { pkg: '@llm/openrouter', sdk: 'openai' },
] as const;

/** A resolve hook (runs on the loader's thread) appending each resolved URL to $LLM_IMPORT_LOG. */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.LLM_IMPORT_LOG, result.url + '\\n');
  return result;
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/**
 * The package a module file belongs to: the name after its last `node_modules/`, `@llm/<dir>` for
 * a workspace package's dist (pnpm links them; Node reports the real path), else undefined (Node's own).
 */
function packageOf(file: string): string | undefined {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return /\/packages\/([^/]+)\/dist\//.exec(file)?.[1]?.replace(/^/, '@llm/');
  const [first, second] = file.slice(at + 'node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : first;
}

/** The packages a fresh Node process has loaded after importing `specifier` and running `then` (an expression over `m`, the module). */
async function packagesLoaded(specifier: string, then = '', cwd = examplesDir): Promise<Set<string>> {
  const log = join(logDir, `${specifier.replace(/\W/g, '_')}-${Math.random().toString(36).slice(2)}.log`);
  const code = [
    `const m = await import(${JSON.stringify(specifier)});`,
    then ? `await (${then});` : '',
    `const { createRequire } = await import('node:module');`,
    `process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`,
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', code], {
    cwd,
    env: { ...process.env, LLM_IMPORT_LOG: log, NODE_OPTIONS: '' },
  });
  const files = [...(JSON.parse(stdout) as string[]), ...readFileSync(log, 'utf8').split('\n')];
  return new Set(files.map(packageOf).filter((p): p is string => p !== undefined));
}

const heavy = (loaded: Set<string>): string[] => ON_FIRST_USE.filter((p) => loaded.has(p));

describe('importing a built package', () => {
  for (const { pkg, sdk } of PACKAGES) {
    it(`${pkg} loads none of ${ON_FIRST_USE.join(', ')}${sdk ? ` beyond what ${sdk} loads` : ''}`, async () => {
      const loaded = await packagesLoaded(pkg);
      expect(loaded.has('@llm/errors'), 'the check sees the packages an import loads').toBe(true);
      // The SDK resolves from the provider package's own directory (pnpm does not hoist it).
      const bySdk = sdk ? heavy(await packagesLoaded(sdk, '', realpathSync(join(examplesDir, 'node_modules', pkg)))) : [];
      expect(heavy(loaded).filter((p) => !bySdk.includes(p))).toEqual([]);
    }, 90_000); // two cold Node processes: seconds each on a loaded machine
  }

  it('sees a package loaded by require on first use (tracing loads @opentelemetry/api when asked for the active span)', async () => {
    expect(heavy(await packagesLoaded('@llm/tracing'))).toEqual([]);
    expect(heavy(await packagesLoaded('@llm/tracing', 'm.activeTraceCorrelation()'))).toEqual(['@opentelemetry/api']);
  });

  it("loads zod on first use, and the application's own zod instance (its schemas, instanceof and metadata meet ours)", async () => {
    const check = `(async () => {
      m.MessageSchema.parse({ role: 'user', content: 'hi' });
      const { z } = await import('zod');
      if (!(m.MessageSchema instanceof z.ZodType)) throw new Error('a second zod instance');
      const json = JSON.stringify(m.toJsonSchema(z.object({ q: z.string().describe('the query') })));
      if (!json.includes('the query')) throw new Error('metadata lost: ' + json);
    })()`;
    expect(heavy(await packagesLoaded('@llm/schema'))).toEqual([]);
    expect(heavy(await packagesLoaded('@llm/schema', check))).toEqual(['zod']);
  });

  it('sees a package loaded by import (inversify, an ES module, through the ESM loader)', async () => {
    expect(heavy(await packagesLoaded('inversify'))).toEqual(['inversify']);
  });
});
