/**
 * One clean consumer project outside the workspace: `@llm/core`, one provider and zod, installed
 * from the packed tarballs with npm or pnpm, type-checked (strict; module nodenext and bundler;
 * ESM and CommonJS sources) and run against the fake vendor server on each Node version.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedPackages, versionsOf } from './installed-packages.mjs';
import { CJS_SCENARIOS, ESM_SCENARIOS, VENDOR_SDKS } from './providers.mjs';

const templates = fileURLToPath(new URL('./consumer/', import.meta.url));
const PNPM = ['npx', '-y', 'pnpm@10.34.8'];

/** Peers and internal packages an application must hold exactly one copy of. */
const SINGLE_COPY = ['@llm/core', '@llm/schema', '@llm/errors', 'zod', '@opentelemetry/api'];

/** Runs a command without blocking this process (the fake vendor server answers from it). */
function run(cmd, args, options) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000, ...options }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${[cmd, ...args].join(' ')} failed in ${options?.cwd ?? '.'}: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

function tsconfig(dir, name, compilerOptions, typesRoot) {
  const base = {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: 'es2022',
    skipLibCheck: false,
    typeRoots: [typesRoot],
    types: ['node'],
  };
  writeFileSync(join(dir, name), JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, include: ['src'] }, null, 2));
}

/**
 * @param {object} o
 * @param {{ pkg: string, factory: string, sdk: string, model: string }} o.provider
 * @param {'npm' | 'pnpm'} o.pm
 * @param {Map<string, string>} o.tarballs package name -> .tgz path
 * @param {string} o.workDir where the project goes
 * @param {string} o.tsc path of the workspace's tsc
 * @param {string} o.typesRoot the workspace's node_modules/@types
 * @param {{ version: string, bin: string }[]} o.nodes
 * @param {import('@llm/mocks').FakeServer} o.server
 * @param {(line: string) => void} o.log
 */
export async function checkConsumer({ provider, pm, tarballs, workDir, tsc, typesRoot, nodes, server, log }) {
  const dir = join(workDir, `${provider.pkg.replace('@llm/', '')}-${pm}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  const file = (name) => `file:${tarballs.get(name)}`;
  // Every @llm package resolves to its tarball, wherever it is required from (nothing is published yet).
  const internal = Object.fromEntries([...tarballs.keys()].map((name) => [name, file(name)]));
  const manifest = {
    name: `consumer-${provider.pkg.replace('@llm/', '')}`,
    private: true,
    type: 'module',
    dependencies: { '@llm/core': file('@llm/core'), [provider.pkg]: file(provider.pkg), zod: '^4.1.0' },
    ...(pm === 'npm' ? { overrides: internal } : { pnpm: { overrides: internal } }),
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  copyFileSync(join(templates, 'chat.ts'), join(dir, 'src', 'chat.ts'));
  copyFileSync(join(templates, 'require.cts'), join(dir, 'src', 'require.cts'));
  writeFileSync(join(dir, 'src', 'provider.ts'), `export { ${provider.factory} as createProvider } from '${provider.pkg}';\n`);
  writeFileSync(
    join(dir, 'src', 'provider-cjs.cts'),
    `import provider = require('${provider.pkg}');\nexport const createProvider = provider.${provider.factory};\n`,
  );
  tsconfig(dir, 'tsconfig.json', { module: 'nodenext', moduleResolution: 'nodenext', outDir: 'dist', rootDir: 'src' }, typesRoot);
  tsconfig(dir, 'tsconfig.bundler.json', { module: 'preserve', moduleResolution: 'bundler', noEmit: true }, typesRoot);

  const started = Date.now();
  if (pm === 'npm') await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  else await run(PNPM[0], [...PNPM.slice(1), 'install', '--reporter=silent'], { cwd: dir });
  log(`  ${pm} install: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const installed = installedPackages(dir);
  const others = VENDOR_SDKS.filter((sdk) => sdk !== provider.sdk && installed.has(sdk));
  if (others.length) throw new Error(`${provider.pkg} (${pm}) installs other vendor SDKs: ${others.join(', ')}`);
  if (!installed.has(provider.sdk)) throw new Error(`${provider.pkg} (${pm}) did not install its SDK ${provider.sdk}`);
  for (const name of SINGLE_COPY) {
    const versions = versionsOf(installed, name);
    if (versions.length !== 1) throw new Error(`${provider.pkg} (${pm}) installs ${versions.length} copies of ${name} (${versions.join(', ')}); expected one`);
  }

  await run(tsc, ['-p', 'tsconfig.bundler.json'], { cwd: dir });
  await run(tsc, ['-p', 'tsconfig.json'], { cwd: dir });
  log('  types: strict, module nodenext (ESM and CommonJS sources) and bundler');

  const env = { ...process.env, LLM_RELEASE_CHECK: JSON.stringify({ baseUrl: server.baseUrl, apiKey: server.apiKey, model: provider.model }) };
  for (const node of nodes) {
    for (const [script, scenarios] of [['dist/chat.js', ESM_SCENARIOS], ['dist/require.cjs', CJS_SCENARIOS]]) {
      server.reset();
      server.enqueue(...scenarios);
      const out = await run(node.bin, ['--no-warnings', script], { cwd: dir, env, timeout: 120_000 });
      const result = JSON.parse(out.trim().split('\n').at(-1));
      if (result.ok !== true || result.node !== node.version) throw new Error(`${script} on ${node.version}: ${out}`);
      if (server.requests.length !== scenarios.length) throw new Error(`${script} on ${node.version} sent ${server.requests.length} requests, expected ${scenarios.length}`);
    }
  }
  log(`  ran: chat, stream, tool call, structured output, typed error (ESM) and require() on ${nodes.map((n) => n.version).join(', ')}`);
}
