/**
 * The rules every published package.json follows (docs/releasing.md, "What every package has"),
 * checked on the workspace so that a new package follows them too: license and LICENSE file,
 * repository / homepage / bugs, what the tarball ships, exports (the workspace-only `@llm/source`
 * condition stripped at publish), internal ranges, shared libraries as peers, every runtime import
 * declared and every runtime dependency imported, and one version for all (changesets `fixed`).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The project's (placeholder) home; every package points at it. */
const REPOSITORY = 'https://github.com/llm-ts/llm';

/**
 * Libraries of which an application must hold exactly one copy: declared as peers (with a
 * devDependency so the workspace installs them), never as dependencies.
 */
const SHARED_PEERS = ['zod', '@opentelemetry/api', 'vitest'];

type Deps = Record<string, string>;
type ExportMap = Record<string, string | Record<string, string>>;

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  type?: string;
  sideEffects?: boolean;
  engines?: { node?: string };
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  files?: string[];
  exports?: ExportMap;
  publishConfig?: { access?: string; exports?: ExportMap };
  dependencies?: Deps;
  peerDependencies?: Deps;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Deps;
}

interface Published {
  /** Folder relative to the repository root, e.g. `packages/core`. */
  dir: string;
  json: Manifest;
}

function publishedPackages(): Published[] {
  return ['packages', 'apps']
    .flatMap((group) => (existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => `${group}/${name}`) : []))
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest }))
    .filter((p) => !p.json.private);
}

function runtimeSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return runtimeSources(path);
    return entry.endsWith('.ts') && !/\.test\.ts$|\.test-util\.ts$|\.d\.ts$/.test(entry) ? [path] : [];
  });
}

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The packages a folder's runtime sources import (type-only imports included: they end up in the
 * .d.ts), plus what they load on first use through `createRequire` (`require(\`pkg/${x}\`)`).
 */
function importedPackages(srcDir: string): Set<string> {
  const out = new Set<string>();
  for (const file of runtimeSources(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const lazy = [...text.matchAll(/\brequire\(\s*[`'"]([^`'"$]+)/g)].map((m) => m[1]!);
    for (const specifier of [...ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName), ...lazy]) {
      const name = packageOf(specifier);
      if (name) out.add(name);
    }
  }
  return out;
}

/** An export map with the workspace-only `@llm/source` condition removed. */
function withoutSource(map: ExportMap): ExportMap {
  return Object.fromEntries(
    Object.entries(map).map(([key, value]) => [key, typeof value === 'string' ? value : Object.fromEntries(Object.entries(value).filter(([c]) => c !== '@llm/source'))]),
  );
}

/** A published README: an install line, a link to its exports on GitHub, no relative links (they break on the registry page). */
function readmeProblems(readme: string, name: string, dir: string): string[] {
  const problems: string[] = [];
  if (!new RegExp(`(npm install|pnpm add)[^\\n]*${name}`).test(readme)) problems.push(`README has no install line (npm install … ${name})`);
  if (/\]\(\.\.?\//.test(readme)) problems.push('README has relative links (../ or ./), which break on the registry page; link to the repository');
  if (!readme.includes(`${REPOSITORY}/blob/main/${dir}/src/index.ts`)) problems.push(`README does not link its exports (${REPOSITORY}/blob/main/${dir}/src/index.ts)`);
  return problems;
}

/** What is wrong with one manifest's metadata and shipped files. */
function metadataProblems(p: Published, license: string): string[] {
  const { dir, json } = p;
  const out: string[] = [];
  const say = (what: string) => out.push(`${dir}: ${what}`);
  if (json.license !== 'MIT') say(`license is ${json.license}, not MIT`);
  const licenseFile = join(root, dir, 'LICENSE');
  if (!existsSync(licenseFile)) say('no LICENSE file (copy the root LICENSE)');
  else if (readFileSync(licenseFile, 'utf8') !== license) say('LICENSE differs from the root LICENSE');
  const readme = existsSync(join(root, dir, 'README.md')) ? readFileSync(join(root, dir, 'README.md'), 'utf8') : undefined;
  if (readme === undefined) say('no README.md');
  else for (const problem of readmeProblems(readme, json.name, dir)) say(problem);
  if (JSON.stringify(json.files) !== JSON.stringify(['dist', 'README.md', 'LICENSE'])) say(`files is ${JSON.stringify(json.files)}, not ["dist","README.md","LICENSE"]`);
  if (json.repository?.type !== 'git' || json.repository.url !== `git+${REPOSITORY}.git` || json.repository.directory !== dir) {
    say(`repository must be { type: "git", url: "git+${REPOSITORY}.git", directory: "${dir}" }`);
  }
  if (json.homepage !== `${REPOSITORY}/tree/main/${dir}#readme`) say(`homepage must be ${REPOSITORY}/tree/main/${dir}#readme`);
  if (json.bugs?.url !== `${REPOSITORY}/issues`) say(`bugs.url must be ${REPOSITORY}/issues`);
  if (json.type !== 'module') say('type is not "module"');
  if (json.sideEffects !== false) say('sideEffects is not false');
  if (json.engines?.node !== '>=20.19') say('engines.node is not ">=20.19"');
  if (json.publishConfig?.access !== 'public') say('publishConfig.access is not "public"');
  return out;
}

/** What is wrong with the export map: every entry has the workspace source, types and default; the published map drops the source. */
function exportProblems(p: Published): string[] {
  const { dir, json } = p;
  const out: string[] = [];
  const say = (what: string) => out.push(`${dir}: ${what}`);
  const exports = json.exports ?? {};
  if (!('.' in exports)) say('exports has no "." entry');
  for (const [key, value] of Object.entries(exports)) {
    if (typeof value === 'string') {
      say(`exports["${key}"] is a bare path; give conditions`);
      continue;
    }
    const conditions = Object.keys(value);
    if (conditions[0] !== '@llm/source' || !value['@llm/source']?.startsWith('./src/')) say(`exports["${key}"] must start with "@llm/source": "./src/…"`);
    if (!value.types?.startsWith('./dist/') || !value.types.endsWith('.d.ts')) say(`exports["${key}"].types must be a ./dist/*.d.ts file`);
    if (!value.default?.startsWith('./dist/') || !value.default.endsWith('.js')) say(`exports["${key}"].default must be a ./dist/*.js file`);
    if (conditions.at(-1) !== 'default') say(`exports["${key}"]: "default" must come last`);
  }
  if (JSON.stringify(json.publishConfig?.exports) !== JSON.stringify(withoutSource(exports))) {
    say('publishConfig.exports must be exports without the "@llm/source" condition (pnpm publishes it in place of exports)');
  }
  return out;
}

/** What is wrong with the dependency lists. */
function dependencyProblems(p: Published, all: readonly Published[]): string[] {
  const { dir, json } = p;
  const out: string[] = [];
  const say = (what: string) => out.push(`${dir}: ${what}`);
  const deps = json.dependencies ?? {};
  const peers = json.peerDependencies ?? {};
  const dev = json.devDependencies ?? {};
  const imported = importedPackages(join(root, dir, 'src'));
  imported.delete(json.name);
  // A dependency may be there to give an @llm dependency its (optional) peer, e.g. what a subpath such as `@llm/metrics/sdk` imports.
  const peerOfOurs = (name: string) => Object.keys(deps).some((d) => d.startsWith('@llm/') && name in (all.find((q) => q.json.name === d)?.json.peerDependencies ?? {}));
  for (const [name, range] of Object.entries(deps)) {
    if (name.startsWith('@llm/') && range !== 'workspace:^') say(`dependency ${name} is "${range}", not "workspace:^"`);
    if (SHARED_PEERS.includes(name)) say(`${name} is a dependency; declare it in peerDependencies (one copy per application)`);
    if (!imported.has(name) && !peerOfOurs(name)) say(`dependency ${name} is not imported by any runtime source file`);
  }
  for (const name of Object.keys(peers)) {
    if (name.startsWith('@llm/')) say(`peer ${name}: @llm packages are dependencies ("workspace:^"), all released at one version`);
    if (!(name in dev)) say(`peer ${name} has no devDependency, so the workspace does not install it`);
  }
  for (const name of imported) if (!(name in deps) && !(name in peers)) say(`imports ${name}, which is neither a dependency nor a peer`);
  // Peers travel up: whoever depends on an @llm package declares that package's required peers too.
  for (const name of Object.keys(deps).filter((n) => n.startsWith('@llm/'))) {
    const dep = all.find((q) => q.json.name === name);
    const optional = dep?.json.peerDependenciesMeta ?? {};
    for (const [peer, range] of Object.entries(dep?.json.peerDependencies ?? {})) {
      if (!optional[peer]?.optional && peers[peer] !== range) say(`depends on ${name}, which has the peer ${peer}@${range}: declare the same peer`);
    }
  }
  return out;
}

/**
 * What is wrong with the pending changesets: a changeset that names a private or ignored package
 * (examples, bench) makes `changeset version` fail for the whole release ("mixed changesets").
 */
function changesetProblems(dir: string, published: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
    if (front === undefined) {
      out.push(`.changeset/${file}: no front matter`);
      continue;
    }
    for (const line of front.split('\n').filter((l) => l.trim() !== '')) {
      const m = /^\s*(['"])(@[^'"]+)\1\s*:\s*(\w+)\s*$/.exec(line);
      if (!m) out.push(`.changeset/${file}: cannot read "${line}"`);
      else if (!published.has(m[2]!)) out.push(`.changeset/${file}: ${m[2]} is not a published package`);
      else if (!['patch', 'minor', 'major'].includes(m[3]!)) out.push(`.changeset/${file}: ${m[2]} has bump "${m[3]}"`);
    }
  }
  return out;
}

describe('package manifests', () => {
  const packages = publishedPackages();
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');

  it('finds every published package', () => {
    const names = packages.map((p) => p.json.name);
    for (const name of ['@llm/errors', '@llm/schema', '@llm/core', '@llm/openai', '@llm/mocks']) expect(names).toContain(name);
    expect(license).toMatch(/^MIT License/);
  });

  it('license, LICENSE file, README (install line, exports link, no relative links), repository, homepage, bugs, files, type, sideEffects, engines', () => {
    expect(packages.flatMap((p) => metadataProblems(p, license))).toEqual([]);
  });

  it('exports: workspace sources under @llm/source, dist types and default; publishConfig.exports without the source', () => {
    expect(packages.flatMap(exportProblems)).toEqual([]);
  });

  it('dependencies: internal ones "workspace:^", shared libraries as peers, every import declared, every dependency imported', () => {
    expect(packages.flatMap((p) => dependencyProblems(p, packages))).toEqual([]);
  });

  it('one version for all: every published package is in the one changesets "fixed" group and at the same version', () => {
    const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8')) as { fixed: string[][] };
    expect(config.fixed.length).toBe(1);
    expect([...config.fixed[0]!].sort()).toEqual(packages.map((p) => p.json.name).sort());
    expect(new Set(packages.map((p) => p.json.version)).size).toBe(1);
  });

  it('changesets: each names only published packages, each with patch, minor or major (changeset version refuses the rest)', () => {
    const published = new Set(packages.map((p) => p.json.name));
    expect(changesetProblems(join(root, '.changeset'), published)).toEqual([]);
  });

  it('the checks catch what they must', () => {
    const bad: Published = {
      dir: 'packages/core',
      json: {
        name: '@llm/x',
        version: '0.1.0',
        license: 'ISC',
        files: ['dist'],
        exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
        dependencies: { '@llm/errors': '0.1.0', zod: '^4.1.0', 'left-pad': '^1.0.0', tslib: '^2' },
        peerDependencies: { '@opentelemetry/api': '^1.9.0' },
      },
    };
    const all = [bad, { dir: 'packages/errors', json: { name: '@llm/errors', version: '0.1.0', peerDependencies: { tslib: '^2' } } }];
    const problems = [...metadataProblems(bad, license), ...exportProblems(bad), ...dependencyProblems(bad, all)];
    problems.push(...readmeProblems('# @llm/x\n\nSee [the docs](../../docs/x.md).\n', '@llm/x', 'packages/x'));
    const changesets = mkdtempSync(join(tmpdir(), 'changesets-'));
    writeFileSync(join(changesets, 'bad.md'), "---\n'@llm/core': minor\n'@llm/examples': patch\n'@llm/errors': huge\n---\n\ntext\n");
    problems.push(...changesetProblems(changesets, new Set(['@llm/core', '@llm/errors'])));
    rmSync(changesets, { recursive: true });
    for (const expected of [
      '@llm/examples is not a published package',
      '@llm/errors has bump "huge"',
      'license is ISC',
      'README has no install line',
      'README has relative links',
      'README does not link its exports',
      'files is ["dist"]',
      'repository must be',
      'exports["."] must start with "@llm/source"',
      'exports["."].default must be',
      'publishConfig.exports must be',
      'dependency @llm/errors is "0.1.0"',
      'zod is a dependency; declare it in peerDependencies',
      'dependency left-pad is not imported',
      'peer @opentelemetry/api has no devDependency',
      'depends on @llm/errors, which has the peer tslib@^2',
    ]) {
      expect(problems.some((p) => p.includes(expected)), `${expected} in ${problems.join('\n')}`).toBe(true);
    }
    // tslib is not imported, but it gives @llm/errors its peer.
    expect(problems.filter((p) => p.includes('dependency tslib is not imported'))).toEqual([]);
  });
});
