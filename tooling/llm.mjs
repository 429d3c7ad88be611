#!/usr/bin/env node
/**
 * `pnpm llm ...`: runs the `llm` command from this checkout. Builds it first when it has not been
 * built or its sources (or those of the packages it uses) changed since, with the build's output on
 * stderr, so that stdout carries only the answer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Workspace package folders by name. */
function workspacePackages() {
  const out = new Map();
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifest = join(dir, name, 'package.json');
      if (existsSync(manifest)) out.set(JSON.parse(readFileSync(manifest, 'utf8')).name, join(dir, name));
    }
  }
  return out;
}

/** The CLI and every workspace package it depends on, transitively. */
function closure(name, packages, seen = new Set()) {
  if (seen.has(name) || !packages.has(name)) return seen;
  seen.add(name);
  const manifest = JSON.parse(readFileSync(join(packages.get(name), 'package.json'), 'utf8'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) closure(dep, packages, seen);
  return seen;
}

function newest(dir, skip = () => false) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip(entry.name)) continue;
    latest = Math.max(latest, entry.isDirectory() ? newest(path, skip) : statSync(path).mtimeMs);
  }
  return latest;
}

function needsBuild() {
  const packages = workspacePackages();
  for (const name of closure('@llm/cli', packages)) {
    const dir = packages.get(name);
    const built = newest(join(dir, 'dist'));
    if (built === 0) return true;
    const source = Math.max(newest(join(dir, 'src'), (n) => n.endsWith('.test.ts') || n.endsWith('.test-util.ts')), statSync(join(dir, 'package.json')).mtimeMs);
    if (source > built) return true;
  }
  return false;
}

if (needsBuild()) {
  process.stderr.write('llm: building the llm command and the packages it uses (once)...\n');
  const turbo = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo');
  const result = spawnSync(turbo, ['run', 'build', '--filter=@llm/cli...', '--output-logs=errors-only'], {
    cwd: root,
    // The build's output goes to stderr: stdout is the answer's.
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  if (result.status !== 0) {
    process.stderr.write(`llm: the build failed (exit ${result.status ?? result.signal}); run pnpm build to see why\n`);
    process.exit(1);
  }
}

await import(pathToFileURL(join(root, 'apps', 'cli', 'dist', 'bin.js')).href);
