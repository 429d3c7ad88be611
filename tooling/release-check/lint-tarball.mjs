/**
 * publint (strict: warnings fail too) and Are the Types Wrong on one packed tarball, in process.
 * Returns the problems as lines; none means clean.
 */
import { readFileSync } from 'node:fs';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/**
 * Resolution modes users type-check with: node16/nodenext (from ESM and from CJS) and bundler.
 * node10 (`moduleResolution: node`) predates `exports` and is not supported.
 */
const IGNORED_RESOLUTIONS = new Set(['node10']);

/**
 * CJSResolvesToESM: attw models require() before Node 20.19; from 20.19, our engines floor, require()
 * loads ES modules, and the release check runs (and type-checks) a require() consumer to prove it.
 */
const IGNORED_PROBLEMS = new Set(['CJSResolvesToESM']);

export async function lintTarball(file) {
  const data = readFileSync(file);
  const problems = [];
  const linted = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, level: 'suggestion', strict: true });
  for (const message of linted.messages) problems.push(`publint ${message.type}: ${formatMessage(message, linted.pkg) ?? message.code}`);
  const checked = await checkPackage(createPackageFromTarballData(new Uint8Array(data)));
  if (!('problems' in checked)) problems.push('attw: the package ships no types');
  else {
    for (const problem of checked.problems) {
      if (IGNORED_PROBLEMS.has(problem.kind)) continue;
      if ('resolutionKind' in problem && IGNORED_RESOLUTIONS.has(problem.resolutionKind)) continue;
      problems.push(`attw ${problem.kind}: ${JSON.stringify(problem)}`);
    }
  }
  return problems;
}
