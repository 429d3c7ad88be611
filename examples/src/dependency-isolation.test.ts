/**
 * "Install @llm/core plus the one provider you need and nothing else": walks the production dependency
 * closure (dependencies, peerDependencies and optionalDependencies; never devDependencies) of @llm/core
 * and of each provider package, reading each package.json found through Node's own node_modules
 * resolution from the depending package's directory, and checks which vendor SDKs each closure holds.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Packages only one part of the framework may bring in. */
const VENDOR_SDKS = ['openai', '@anthropic-ai/sdk', '@google/genai'] as const;
const ISOLATED = [...VENDOR_SDKS, 'ioredis'] as const;
const PROVIDERS = ['@llm/openai', '@llm/anthropic', '@llm/google', '@llm/groq', '@llm/openrouter'] as const;

/** What each provider's closure may hold of the isolated packages, and of the other providers. */
const ALLOWED: Readonly<Record<(typeof PROVIDERS)[number], { sdks: readonly string[]; providers: readonly string[] }>> = {
  '@llm/openai': { sdks: ['openai'], providers: [] },
  '@llm/anthropic': { sdks: ['@anthropic-ai/sdk'], providers: [] },
  '@llm/google': { sdks: ['@google/genai'], providers: [] },
  // OpenAI-compatible vendors build on @llm/openai's compatible chat model (allowed by the architecture).
  '@llm/groq': { sdks: ['openai'], providers: ['@llm/openai'] },
  '@llm/openrouter': { sdks: ['openai'], providers: ['@llm/openai'] },
};

interface PackageJson {
  name: string;
  version?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Closure {
  /** Every package name reached. */
  names: Set<string>;
  /** name -> the chain of packages that pulled it in (for messages). */
  via: Map<string, string[]>;
  /** Declared, non-optional dependencies that were not installed where Node would look. */
  missing: string[];
}

const examplesDir = dirname(dirname(fileURLToPath(import.meta.url)));

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * The directory of `name` as Node resolves it from `fromDir`: the node_modules folders
 * `require.resolve.paths` lists, in order (package.json is read directly, since many packages'
 * `exports` do not expose it to `require.resolve`).
 */
function resolvePackageDir(fromDir: string, name: string): string | undefined {
  const require = createRequire(join(fromDir, 'package.json'));
  for (const base of require.resolve.paths(name) ?? []) {
    const candidate = join(base, name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

function closureOf(rootName: string): Closure {
  const rootDir = resolvePackageDir(examplesDir, rootName);
  if (!rootDir) throw new Error(`${rootName} is not installed for examples`);
  const closure: Closure = { names: new Set(), via: new Map(), missing: [] };
  const seenDirs = new Set<string>();
  const queue: Array<{ dir: string; chain: string[] }> = [{ dir: rootDir, chain: [] }];
  while (queue.length > 0) {
    const { dir, chain } = queue.shift()!;
    if (seenDirs.has(dir)) continue;
    seenDirs.add(dir);
    const pkg = readPackageJson(dir);
    const path = [...chain, pkg.name];
    if (!closure.names.has(pkg.name)) {
      closure.names.add(pkg.name);
      closure.via.set(pkg.name, path);
    }
    const optionalPeers = new Set(Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
    const deps: Array<[string, boolean]> = [
      ...Object.keys(pkg.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(pkg.peerDependencies ?? {}).map((n): [string, boolean] => [n, optionalPeers.has(n)]),
      ...Object.keys(pkg.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
    ];
    for (const [name, optional] of deps) {
      const depDir = resolvePackageDir(dir, name);
      if (depDir) queue.push({ dir: depDir, chain: path });
      // An optional peer that is not installed is not pulled in, and that is fine.
      else if (!optional) closure.missing.push(`${path.join(' > ')} > ${name}`);
    }
  }
  return closure;
}

function isolatedIn(closure: Closure): string[] {
  return ISOLATED.filter((name) => closure.names.has(name));
}

function explain(closure: Closure, names: readonly string[]): string {
  return names.map((n) => closure.via.get(n)?.join(' > ') ?? n).join('; ');
}

describe('dependency isolation', () => {
  const core = closureOf('@llm/core');

  it('walks the real closure: @llm/core pulls in its own dependencies and nothing is missing', () => {
    for (const name of ['@llm/errors', '@llm/schema', '@llm/metrics', '@llm/tracing', 'zod', 'inversify', '@opentelemetry/api']) {
      expect(core.names.has(name), `${name} should be in the closure of @llm/core`).toBe(true);
    }
    expect(core.missing).toEqual([]);
  });

  it('@llm/core pulls in no vendor SDK, no ioredis and no provider package', () => {
    const found = isolatedIn(core);
    expect(found, explain(core, found)).toEqual([]);
    const providers = PROVIDERS.filter((p) => core.names.has(p));
    expect(providers, explain(core, providers)).toEqual([]);
    expect(core.names.has('@llm/redis'), explain(core, ['@llm/redis'])).toBe(false);
  });

  for (const provider of PROVIDERS) {
    it(`${provider} pulls in only its own vendor SDK`, () => {
      const closure = closureOf(provider);
      const allowed = ALLOWED[provider];
      expect(closure.missing).toEqual([]);
      expect(closure.names.has('@llm/core')).toBe(true);
      const found = isolatedIn(closure);
      expect(found, explain(closure, found)).toEqual([...allowed.sdks]);
      const others = PROVIDERS.filter((p) => p !== provider && closure.names.has(p));
      expect(others, explain(closure, others)).toEqual([...allowed.providers]);
      expect(closure.names.has('@llm/redis'), explain(closure, ['@llm/redis'])).toBe(false);
    });
  }

  it('installing only @llm/core + @llm/anthropic brings exactly one vendor SDK: @anthropic-ai/sdk', () => {
    const anthropic = closureOf('@llm/anthropic');
    const installed = new Set([...core.names, ...anthropic.names]);
    expect(ISOLATED.filter((name) => installed.has(name))).toEqual(['@anthropic-ai/sdk']);
  });
});
