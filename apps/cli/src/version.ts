import { createRequire } from 'node:module';

/** This package's version, read from its package.json (dist/ and src/ both sit one level below it). */
export function cliVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
