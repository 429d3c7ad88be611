#!/usr/bin/env node
/**
 * `pnpm release:check`: the release as a user meets it (docs/releasing.md, "Checking a release").
 * Run after `pnpm build`. Slow (installs from the registry), so it is not part of `pnpm test`.
 *
 * 1. Pack every published package with pnpm (what `pnpm publish` uploads).
 * 2. publint (strict) and attw (node16 and bundler resolution) on each tarball.
 * 3. For each provider, with npm and with pnpm: a clean project outside the workspace with
 *    `@llm/core`, that provider and zod installed from the tarballs; no other vendor SDK and one
 *    copy of core, schema, errors, zod and the OpenTelemetry API; a strict consumer type-checked
 *    with module nodenext (ESM and CommonJS files) and bundler; the consumer run against the fake
 *    vendor server on the running Node, Node 20.19.0 (the engines floor), 22 and 24.
 * 4. `pnpm publish -r --dry-run`.
 *
 * Options: `--provider <name>` and `--pm npm|pnpm` (repeatable; default: all), `--node <spec>`
 * (repeatable; default 20.19.0, 22, 24), `--jobs <n>` (consumer projects at once, default 2),
 * `--keep` (leave the temp folder). Node binaries are cached in
 * `$LLM_RELEASE_CHECK_CACHE` (default: the OS temp folder).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkConsumer } from './consumer-project.mjs';
import { lintTarball } from './lint-tarball.mjs';
import { nodeBinary } from './node-binaries.mjs';
import { PROVIDERS } from './providers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PNPM = ['npx', '-y', 'pnpm@10.34.8'];
const { values: args } = parseArgs({
  options: {
    provider: { type: 'string', multiple: true },
    pm: { type: 'string', multiple: true },
    node: { type: 'string', multiple: true },
    keep: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '2' },
  },
});

const log = (line) => console.log(line);
let stepStarted = Date.now();
/** Starts a step, after the time the last one took. */
const step = (title) => {
  console.log(`   (${((Date.now() - stepStarted) / 1000).toFixed(0)} s)\n== ${title}`);
  stepStarted = Date.now();
};
/** A tool the workspace installs (root devDependencies). */
const bin = (name) => join(root, 'node_modules', '.bin', name);

function publishedPackages() {
  return ['packages', 'apps']
    .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => !p.json.private);
}

function pack(packages, dest) {
  const filters = packages.flatMap((p) => ['--filter', p.json.name]);
  execFileSync(PNPM[0], [...PNPM.slice(1), ...filters, '-r', 'pack', '--pack-destination', dest], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarballs = new Map();
  for (const p of packages) {
    const file = join(dest, `${p.json.name.replace('@', '').replace('/', '-')}-${p.json.version}.tgz`);
    if (!existsSync(file)) throw new Error(`pnpm pack made no ${file}`);
    tarballs.set(p.json.name, file);
  }
  return tarballs;
}

const work = mkdtempSync(join(tmpdir(), 'llm-release-check-'));
const failures = [];
try {
  const packages = publishedPackages();
  step(`pack ${packages.length} packages`);
  const tarballs = pack(packages, join(work, 'tarballs'));
  log(`  ${[...tarballs.keys()].join(', ')}`);

  step('publint --strict, attw');
  for (const [name, file] of tarballs) {
    const problems = await lintTarball(file);
    if (problems.length) failures.push(`${name}:\n  ${problems.join('\n  ')}`);
    log(`  ${name}: ${problems.length ? `${problems.length} problem(s)` : 'ok'}`);
  }

  step('Node versions');
  const cache = process.env.LLM_RELEASE_CHECK_CACHE ?? join(tmpdir(), 'llm-release-check-cache');
  mkdirSync(cache, { recursive: true });
  const nodes = (args.node ?? ['20.19.0', '22', '24']).map((spec) => nodeBinary(spec, cache));
  // The running Node too, unless a version of its major line is already there.
  const major = (version) => version.split('.')[0];
  if (!nodes.some((n) => major(n.version) === major(process.version))) nodes.unshift({ version: process.version, bin: process.execPath });
  log(`  ${nodes.map((n) => n.version).join(', ')}`);

  const mocks = await import(pathToFileURL(join(root, 'packages/mocks/dist/index.js')).href);
  const tsc = bin('tsc');
  const typesRoot = join(root, 'node_modules/@types');
  const providers = PROVIDERS.filter((p) => !args.provider || args.provider.some((name) => p.pkg.endsWith(`/${name}`)));
  const tasks = providers.flatMap((provider) => (args.pm ?? ['npm', 'pnpm']).map((pm) => ({ provider, pm })));
  step(`${tasks.length} consumer projects (${Number(args.jobs)} at a time)`);
  /** One consumer project against its own fake vendor server; its lines are printed together. */
  const consumer = async ({ provider, pm }) => {
    const lines = [`${provider.pkg} + @llm/core + zod, ${pm}:`];
    const server = await mocks[provider.server]();
    try {
      await checkConsumer({ provider, pm, tarballs, workDir: join(work, 'consumers'), tsc, typesRoot, nodes, server, log: (line) => lines.push(line) });
    } catch (err) {
      failures.push(`${provider.pkg} (${pm}): ${err.message}`);
      lines.push(`  FAILED: ${err.message.split('\n')[0]}`);
    } finally {
      await server.close();
    }
    log(lines.join('\n'));
  };
  const queue = [...tasks];
  await Promise.all(Array.from({ length: Number(args.jobs) }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await consumer(task);
  }));

  step('pnpm publish -r --dry-run');
  try {
    execFileSync(PNPM[0], [...PNPM.slice(1), 'publish', '-r', '--dry-run', '--no-git-checks'], { cwd: root, stdio: 'pipe' });
    log('  ok');
  } catch (err) {
    failures.push(`pnpm publish --dry-run: ${err.stdout ?? ''}${err.stderr ?? ''}`);
    log('  FAILED');
  }
} finally {
  if (args.keep) log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

step('done');
if (failures.length) {
  console.error(`\nrelease check: ${failures.length} failure(s)\n\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log('\nrelease check: all passed');
