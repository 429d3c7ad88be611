#!/usr/bin/env node
// Copies a package's non-TypeScript source files (data, browser scripts, styles) from src/ to dist/,
// keeping their paths, so that a module finds them beside itself both in src/ (tests, the workspace)
// and in dist/ (the published package). Run from the package folder after tsc: node ../../tooling/copy-assets.mjs
import { cpSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

const EXTENSIONS = new Set(['.json', '.js', '.css']);

function copy(from, to) {
  for (const entry of readdirSync(from)) {
    const source = join(from, entry);
    if (statSync(source).isDirectory()) copy(source, join(to, entry));
    else if (EXTENSIONS.has(extname(entry)) && !/\.test\./.test(entry)) cpSync(source, join(to, entry));
  }
}

copy('src', 'dist');
