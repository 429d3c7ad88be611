/**
 * The import arrows of /work/shared/ARCHITECTURE.md, checked on the source: every non-test
 * `packages/<name>/src/**\/*.ts` file's imports (static, type-only, re-exports, dynamic `import()`,
 * `require()`), read with TypeScript's own pre-processor so comments and strings never count.
 *
 *   apps ──▶ providers, recommend, postgres ──▶ catalog, analytics, redis ──▶ core ──▶ metrics, tracing ──▶ schema, errors
 *   mocks ──▶ core
 *
 * A package imports only packages to its right; providers never import each other, except that
 * Groq and OpenRouter build on @llm/openai; vendor SDKs appear only in their provider package;
 * ioredis only in @llm/redis, pg only in @llm/postgres. Every @llm import must also be a declared production dependency,
 * or the dependency-isolation test (which reads package.json) would not be looking at the truth.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packagesDir = join(root, 'packages');

const BASE = ['@llm/schema', '@llm/errors', '@llm/html'];
const OBSERVABILITY = ['@llm/metrics', '@llm/tracing'];
const BELOW_CORE = [...OBSERVABILITY, ...BASE];
const BELOW_MIDDLE = ['@llm/core', ...BELOW_CORE];
const MIDDLE = ['@llm/catalog', '@llm/analytics', '@llm/redis'];
const BELOW_PROVIDERS = [...MIDDLE, ...BELOW_MIDDLE];

/**
 * The allowed edges: package -> the @llm packages it may import. Packages in one column of the
 * arrows do not import each other; within the last column, @llm/schema and @llm/html build on @llm/errors
 * (errors has no dependencies at all).
 */
const ALLOWED_EDGES: Readonly<Record<string, readonly string[]>> = {
  '@llm/errors': [],
  '@llm/schema': ['@llm/errors'],
  '@llm/html': ['@llm/errors'],
  '@llm/metrics': BASE,
  '@llm/tracing': BASE,
  '@llm/core': BELOW_CORE,
  '@llm/catalog': BELOW_MIDDLE,
  '@llm/analytics': BELOW_MIDDLE,
  '@llm/redis': BELOW_MIDDLE,
  // Stores for the middle packages' interfaces (the analytics store), beside the providers.
  '@llm/postgres': BELOW_PROVIDERS,
  '@llm/openai': BELOW_PROVIDERS,
  '@llm/anthropic': BELOW_PROVIDERS,
  '@llm/google': BELOW_PROVIDERS,
  '@llm/groq': [...BELOW_PROVIDERS, '@llm/openai'],
  '@llm/openrouter': [...BELOW_PROVIDERS, '@llm/openai'],
  '@llm/recommend': BELOW_PROVIDERS,
  '@llm/mocks': BELOW_MIDDLE,
};

/** Packages that only some packages may import: the vendor SDKs, ioredis and pg. */
const RESTRICTED: Readonly<Record<string, readonly string[]>> = {
  openai: ['@llm/openai', '@llm/groq', '@llm/openrouter'],
  '@anthropic-ai/sdk': ['@llm/anthropic'],
  '@google/genai': ['@llm/google'],
  ioredis: ['@llm/redis'],
  pg: ['@llm/postgres'],
};

interface Import {
  file: string;
  specifier: string;
}

interface Pkg {
  dir: string;
  name: string;
  /** dependencies + peerDependencies + optionalDependencies. */
  production: Set<string>;
  imports: Import[];
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    const isTest = /\.test\.ts$|\.test-util\.ts$/.test(entry);
    return entry.endsWith('.ts') && !entry.endsWith('.d.ts') && !isTest ? [path] : [];
  });
}

/** The package an import specifier names: `@scope/name` or `name`; undefined for relative and `node:` imports. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function readPackages(): Pkg[] {
  return readdirSync(packagesDir)
    .map((entry) => join(packagesDir, entry))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
        optionalDependencies?: Record<string, string>;
      };
      const production = new Set([...Object.keys(json.dependencies ?? {}), ...Object.keys(json.peerDependencies ?? {}), ...Object.keys(json.optionalDependencies ?? {})]);
      const imports = sourceFiles(join(dir, 'src')).flatMap((file) =>
        ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => ({ file: relative(root, file), specifier: f.fileName })),
      );
      return { dir, name: json.name, production, imports };
    });
}

function fail(p: Pkg, i: Import, why = ''): string {
  return `${i.file}: ${p.name} imports ${i.specifier}${why}`;
}

/** Imports of @llm packages the allowed-edges table does not allow. */
function arrowViolations(p: Pkg): string[] {
  return p.imports
    .filter((i) => {
      const target = packageOf(i.specifier);
      return target !== undefined && target.startsWith('@llm/') && target !== p.name && !(ALLOWED_EDGES[p.name] ?? []).includes(target);
    })
    .map((i) => fail(p, i));
}

/** Imports of a vendor SDK or ioredis outside the packages that own them. */
function restrictedViolations(p: Pkg): string[] {
  return p.imports
    .filter((i) => {
      const target = packageOf(i.specifier);
      return target !== undefined && target in RESTRICTED && !RESTRICTED[target]!.includes(p.name);
    })
    .map((i) => fail(p, i));
}

/** Imports of @llm packages or vendor SDKs the package.json does not declare for production. */
function undeclaredImports(p: Pkg): string[] {
  return p.imports
    .filter((i) => {
      const target = packageOf(i.specifier);
      if (!target || target === p.name) return false;
      return (target.startsWith('@llm/') || target in RESTRICTED) && !p.production.has(target);
    })
    .map((i) => fail(p, i, ', which its package.json does not list in dependencies or peerDependencies'));
}

/** A made-up package, to check that the checks catch what they must. */
function fake(name: string, production: string[], source: string): Pkg {
  const imports = ts.preProcessFile(source, true, true).importedFiles.map((f) => ({ file: `packages/x/src/x.ts`, specifier: f.fileName }));
  return { dir: '', name, production: new Set(production), imports };
}

describe('architecture: import arrows', () => {
  const packages = readPackages();

  it('finds the packages and their imports', () => {
    const names = packages.map((p) => p.name);
    for (const name of ['@llm/errors', '@llm/schema', '@llm/core', '@llm/openai', '@llm/anthropic', '@llm/google', '@llm/groq', '@llm/openrouter', '@llm/mocks']) {
      expect(names).toContain(name);
    }
    const core = packages.find((p) => p.name === '@llm/core')!;
    expect(core.imports.some((i) => i.specifier === '@llm/errors')).toBe(true);
    const groq = packages.find((p) => p.name === '@llm/groq')!;
    expect(groq.imports.some((i) => i.specifier === '@llm/openai')).toBe(true);
  });

  it('every package is in the allowed-edges table', () => {
    expect(packages.map((p) => p.name).filter((name) => !(name in ALLOWED_EDGES))).toEqual([]);
  });

  it('a package imports only @llm packages to its right (providers only @llm/openai, and only from groq and openrouter)', () => {
    expect(packages.flatMap(arrowViolations)).toEqual([]);
  });

  it('vendor SDKs are imported only in their provider package, ioredis only in @llm/redis', () => {
    expect(packages.flatMap(restrictedViolations)).toEqual([]);
  });

  it('every @llm package and vendor SDK a source file imports is a declared production dependency', () => {
    expect(packages.flatMap(undeclaredImports)).toEqual([]);
  });

  it('the checks catch wrong arrows, stray SDKs and undeclared imports (comments never count)', () => {
    const core = fake('@llm/core', ['@llm/errors'], "// import x from '@llm/groq'\nexport * from '@llm/errors';\nconst m = await import('@llm/openai');");
    expect(arrowViolations(core)).toEqual(['packages/x/src/x.ts: @llm/core imports @llm/openai']);
    const anthropic = fake('@llm/anthropic', ['@llm/core', 'openai'], "import type { A } from 'openai/resources';\nimport { B } from '@llm/openai';\nimport { C } from '@llm/core';");
    expect(arrowViolations(anthropic)).toEqual(['packages/x/src/x.ts: @llm/anthropic imports @llm/openai']);
    expect(restrictedViolations(anthropic)).toEqual(['packages/x/src/x.ts: @llm/anthropic imports openai/resources']);
    expect(undeclaredImports(anthropic)).toEqual([expect.stringContaining('@llm/anthropic imports @llm/openai, which its package.json does not list')]);
    const metrics = fake('@llm/metrics', ['@llm/schema'], "import { t } from '@llm/tracing';\nimport Redis from 'ioredis';");
    expect(arrowViolations(metrics)).toEqual(['packages/x/src/x.ts: @llm/metrics imports @llm/tracing']);
    expect(restrictedViolations(metrics)).toEqual(['packages/x/src/x.ts: @llm/metrics imports ioredis']);
    const groq = fake('@llm/groq', ['@llm/openai', 'openai'], "import { m } from '@llm/openai';\nimport OpenAI from 'openai';");
    expect([...arrowViolations(groq), ...restrictedViolations(groq), ...undeclaredImports(groq)]).toEqual([]);
    expect(packageOf('@anthropic-ai/sdk/resources/messages')).toBe('@anthropic-ai/sdk');
    expect(packageOf('./openai-error.js')).toBeUndefined();
    expect(packageOf('node:fs')).toBeUndefined();
  });
});

/**
 * Inside a package: the relative imports between its source files (tests excluded), as a graph of
 * files. Type-only imports count: a cycle of types is still a cycle for a reader.
 */
function fileGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const deps = ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((f) => f.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => join(dirname(file), s.replace(/\.js$/, '.ts')));
    graph.set(relative(srcDir, file), deps.map((d) => relative(srcDir, d)));
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the path that closes it (`a -> b -> a`). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** The folder a `src`-relative file is in ('.' for files at the top). */
const folderOf = (file: string): string => (dirname(file) === '.' ? '.' : dirname(file).split(sep)[0]!);

/** The graph of concern folders: an edge for every import from a file in one folder to a file in another. */
function folderGraph(files: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const graph = new Map<string, Set<string>>();
  for (const [file, deps] of files) {
    const from = folderOf(file);
    if (from === '.') continue;
    for (const dep of deps) {
      const to = folderOf(dep);
      if (to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return new Map([...graph].map(([k, v]) => [k, [...v]]));
}

/**
 * The layout of @llm/core (docs/architecture.md, "Inside @llm/core"): one folder per concern, each
 * with an index.ts; only the package's index.ts sits at the top; a file reaches another concern
 * only through that concern's index.ts; no cycles between files or between concerns.
 */
function coreLayoutViolations(files: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  const folders = new Set([...files.keys()].map(folderOf).filter((f) => f !== '.'));
  for (const file of files.keys()) if (folderOf(file) === '.' && file !== 'index.ts') out.push(`${file}: loose file at the top of src (put it in a concern folder)`);
  for (const folder of folders) if (!files.has(join(folder, 'index.ts'))) out.push(`${folder}/: no index.ts`);
  for (const [file, deps] of files) {
    for (const dep of deps) {
      const from = folderOf(file);
      const to = folderOf(dep);
      if (from !== '.' && to !== from && dep !== join(to, 'index.ts')) out.push(`${file}: imports ${dep} past ${to}/index.ts`);
    }
  }
  out.push(...cyclesOf(files).map((c) => `file cycle: ${c}`));
  out.push(...cyclesOf(folderGraph(files)).map((c) => `concern cycle: ${c}`));
  return out;
}

describe('architecture: inside the packages', () => {
  const packages = readPackages();

  it('no package has an import cycle between its source files (type-only imports included)', () => {
    expect(packages.flatMap((p) => cyclesOf(fileGraph(join(p.dir, 'src'))).map((c) => `${p.name}: ${c}`))).toEqual([]);
  });

  it('@llm/core keeps one folder per concern, reached through its index.ts, with no cycles between concerns', () => {
    const files = fileGraph(join(packagesDir, 'core', 'src'));
    expect([...files.keys()].length).toBeGreaterThan(60);
    expect(new Set([...files.keys()].map(folderOf)).size).toBeGreaterThan(10);
    expect(coreLayoutViolations(files)).toEqual([]);
  });

  it('the layout checks catch loose files, missing indexes, reaching past an index and cycles', () => {
    const files = new Map<string, string[]>([
      ['index.ts', ['a/index.ts']],
      ['stray.ts', []],
      [join('a', 'index.ts'), [join('a', 'x.ts')]],
      [join('a', 'x.ts'), [join('b', 'y.ts')]],
      [join('b', 'y.ts'), [join('a', 'index.ts')]],
    ]);
    expect(coreLayoutViolations(files)).toEqual([
      'stray.ts: loose file at the top of src (put it in a concern folder)',
      'b/: no index.ts',
      'a/x.ts: imports b/y.ts past b/index.ts',
      'file cycle: a/index.ts -> a/x.ts -> b/y.ts -> a/index.ts',
      'concern cycle: a -> b -> a',
    ]);
  });
});
