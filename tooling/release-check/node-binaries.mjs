/**
 * Node.js binaries of other major versions, from the npm registry's `node-<platform>-<arch>`
 * packages (the official builds, one `bin/node` per package), cached between runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The newest published version matching `spec` (`22`, `24`, `20.19.0`). */
function resolveVersion(pkg, spec) {
  const out = execFileSync('npm', ['view', `${pkg}@${spec}`, 'version', '--json'], { encoding: 'utf8' });
  const versions = [JSON.parse(out)].flat();
  const version = versions.at(-1);
  if (typeof version !== 'string') throw new Error(`no ${pkg} version matches ${spec}`);
  return version;
}

/** Path of a `node` binary for `spec`, downloaded into `cacheDir` the first time. */
export function nodeBinary(spec, cacheDir) {
  const pkg = `node-${process.platform}-${process.arch}`;
  const version = resolveVersion(pkg, spec);
  const dir = join(cacheDir, `${pkg}-${version}`);
  const bin = join(dir, 'package', 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const file = execFileSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8' }).trim().split('\n').at(-1);
    execFileSync('tar', ['-xzf', join(dir, file), '-C', dir]);
  }
  const reported = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (reported !== `v${version}`) throw new Error(`${bin} reports ${reported}, expected v${version}`);
  return { version: reported, bin };
}
