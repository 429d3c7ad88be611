#!/usr/bin/env node
// Bundles a package's JavaScript after tsc: one file per `exports` entry (plus shared chunks) in
// place of tsc's file per module, so that `import` opens a handful of files instead of dozens (Node
// pays per file: resolve, stat, read, compile, link; docs/benchmarks.md "Import time"). The .d.ts
// files stay as tsc wrote them. Every bare specifier (dependencies, peers, node: builtins) stays an
// import; only the package's own modules are joined. Run from the package folder after tsc (and
// after copy-assets): node ../../tooling/bundle-package.mjs
//
// A module that finds a file beside itself (`new URL('./x', import.meta.url)`) moves to the dist
// root when bundled, so the bundler rewrites the path to what it is from there and fails the build
// if the file is not in dist. Any other relative use of import.meta.url below the dist root fails
// the build too (`createRequire(import.meta.url)` with package names is fine anywhere).
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { rolldown } from 'rolldown';

const dist = resolve('dist');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** `exports` entry -> its JavaScript file in dist, e.g. `./conformance` -> `conformance` (dist/conformance.js). */
function entries() {
  const input = {};
  for (const [key, value] of Object.entries(pkg.exports ?? {})) {
    const file = typeof value === 'string' ? value : value.default;
    if (!file?.startsWith('./dist/') || !file.endsWith('.js') || file.slice('./dist/'.length).includes('/')) {
      throw new Error(`bundle-package: exports["${key}"] must point at a .js file at the dist root, not ${file}`);
    }
    input[file.slice('./dist/'.length, -'.js'.length)] = join(dist, file.slice('./dist/'.length));
  }
  if (!Object.keys(input).length) throw new Error('bundle-package: package.json has no exports');
  return input;
}

/** The JavaScript files tsc wrote (one per src/**\/*.ts), relative to dist. */
function tscOutput(dir = 'src') {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tscOutput(path);
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [relative('src', path).replace(/\.ts$/, '.js')] : [];
  });
}

const URL_PATTERN = /new URL\(\s*(['"`])(\.\.?\/[^'"`]*)\1\s*,\s*import\.meta\.url\s*\)/g;
/** Asset paths written into the bundle, relative to dist, checked once it is written. */
const assetPaths = [];

/** Rewrites `new URL('./x', import.meta.url)` in a module below the dist root to the path from the root. */
const assetUrls = {
  name: 'llm-asset-urls',
  transform(code, id) {
    const from = relative(dist, dirname(id));
    if (!code.includes('import.meta.url')) return null;
    const rewritten = code.replace(URL_PATTERN, (_, quote, path) => {
      const target = join(from, path).split(sep).join('/');
      if (target.startsWith('..')) throw new Error(`bundle-package: ${relative(dist, id)} reads ${path}, outside dist`);
      // A template's static part (up to the first ${) names the folder the file is in.
      assetPaths.push({ module: relative(dist, id), path: quote === '`' ? target.split('${')[0] : target });
      return `new URL(${quote}./${target}${quote}, import.meta.url)`;
    });
    const rest = rewritten.replace(URL_PATTERN, '').replace(/createRequire\(\s*import\.meta\.url\s*\)/g, '');
    if (from !== '' && rest.includes('import.meta.url')) {
      throw new Error(`bundle-package: ${relative(dist, id)} uses import.meta.url in a way the bundler cannot move to the dist root`);
    }
    if (from !== '' && /createRequire\(\s*import\.meta\.url\s*\)\(\s*['"]\./.test(code)) {
      throw new Error(`bundle-package: ${relative(dist, id)} requires a relative path through createRequire`);
    }
    return rewritten === code ? null : { code: rewritten, map: null };
  },
};

/**
 * zod on first use: every bundle imports it only as `import { z } from "zod"` (anything else fails
 * the build), and nothing of ours touches `z` at import (schemas are `lazySchema`s; core's
 * index-imports test checks it), so the import becomes a stand-in that loads zod the first time a
 * property of `z` is read. It loads the ES module `import 'zod'` resolves to here, by `require`
 * (Node 20.19+ requires ES modules), so it is the very instance the application's own
 * `import { z } from 'zod'` gets: user schemas, `instanceof` and `.describe()` metadata meet ours.
 */
const ZOD_IMPORT = 'import { z } from "zod";';
const LAZY_ZOD = [
  'import { createRequire as __llmZodRequire } from "node:module";',
  'import { fileURLToPath as __llmZodPath } from "node:url";',
  'let __llmZod;',
  '/** zod, loaded on first use (tooling/bundle-package.mjs). */',
  'const z = new Proxy({}, { get: (_, key) => (__llmZod ??= __llmZodRequire(import.meta.url)(__llmZodPath(import.meta.resolve("zod"))).z)[key], has: (_, key) => key in (__llmZod ??= __llmZodRequire(import.meta.url)(__llmZodPath(import.meta.resolve("zod"))).z) });',
].join('\n');
const lazyZod = {
  name: 'llm-lazy-zod',
  renderChunk(code, chunk) {
    const rest = code.replace(ZOD_IMPORT, '');
    if (/from\s*["']zod(\/[^"']*)?["']|import\s*["']zod|import\(\s*["']zod/.test(rest)) {
      throw new Error(`bundle-package: ${chunk.fileName} imports zod other than as \`${ZOD_IMPORT}\` (the one form loaded on first use)`);
    }
    return rest === code ? null : { code: code.replace(ZOD_IMPORT, LAZY_ZOD), map: null };
  },
};

const out = join(dist, '.bundle');
rmSync(out, { recursive: true, force: true });
const bundle = await rolldown({
  input: entries(),
  platform: 'node',
  // Only the package's own files (relative imports) are bundled.
  external: (id, importer) => importer !== undefined && !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  treeshake: { moduleSideEffects: true },
  plugins: [assetUrls, lazyZod],
});
await bundle.write({
  dir: out,
  format: 'es',
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
  keepNames: true,
  minifyInternalExports: false,
  sourcemap: false,
});
await bundle.close();

for (const file of tscOutput()) rmSync(join(dist, file), { force: true });
for (const file of readdirSync(out)) renameSync(join(out, file), join(dist, file));
rmSync(out, { recursive: true, force: true });
for (const { module, path } of assetPaths) {
  if (!existsSync(join(dist, path))) throw new Error(`bundle-package: ${module} reads ${path}, which is not in dist (copy it there first)`);
}
