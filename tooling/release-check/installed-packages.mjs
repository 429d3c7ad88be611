/**
 * What a package manager actually installed in a project: every copy of a package under
 * `node_modules`, for npm's nested layout and pnpm's `.pnpm` store layout alike.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/** Every installed package folder, by package name: name -> set of real paths. */
export function installedPackages(projectDir) {
  const found = new Map();
  const seenDirs = new Set();
  const add = (name, dir) => {
    const real = realpathSync(dir);
    if (!found.has(name)) found.set(name, new Set());
    found.get(name).add(real);
    walk(join(real, 'node_modules'));
  };
  const walk = (modulesDir) => {
    if (!existsSync(modulesDir)) return;
    const real = realpathSync(modulesDir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    for (const entry of readdirSync(real)) {
      if (entry === '.pnpm') {
        for (const store of readdirSync(join(real, entry))) walk(join(real, entry, store, 'node_modules'));
      } else if (entry.startsWith('@')) {
        for (const scoped of readdirSync(join(real, entry))) addIfPackage(`${entry}/${scoped}`, join(real, entry, scoped));
      } else if (!entry.startsWith('.')) {
        addIfPackage(entry, join(real, entry));
      }
    }
  };
  const addIfPackage = (name, dir) => {
    if (existsSync(join(dir, 'package.json'))) add(name, dir);
  };
  walk(join(projectDir, 'node_modules'));
  return found;
}

/** The versions of each copy of `name`. */
export function versionsOf(installed, name) {
  return [...(installed.get(name) ?? [])].map((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version);
}
