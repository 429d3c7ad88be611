/**
 * Whether the committed snapshot (sources/models-dev-<date>.json) is still exactly what stage 1 makes
 * of the upstream model-facts folder, and the committed catalog exactly what stage 2 makes of it.
 * Not part of `pnpm test` (the folder is outside the repository). Exit 1 on any drift or without the folder.
 * Usage: pnpm --filter @llm/catalog check:drift [model-facts-dir]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_DATA_URL } from '../src/data/index.js';
import { catalogDrift, convertSnapshot, readCommittedSnapshot, readSnapshot, snapshotDrift } from './convert/index.js';
import { modelFactsDir } from './model-facts-dir.js';

function report(what: string, fix: string, drift: string[]): boolean {
  if (drift.length === 0) return true;
  console.error(`check:drift: ${what} has drifted (${fix}):`);
  for (const line of drift.slice(0, 50)) console.error(`  ${line}`);
  if (drift.length > 50) console.error(`  ... and ${drift.length - 50} more`);
  return false;
}

const dir = process.argv[2] ?? modelFactsDir();
if (!dir || !existsSync(join(dir, 'models.dev'))) {
  console.error(`check:drift: ${dir ? `${dir} has no models.dev folder` : 'no model-facts folder found (pass it or set LLM_MODEL_FACTS_DIR)'}; nothing was compared`);
  process.exit(1);
}
const committed = readCommittedSnapshot();
const fresh = readSnapshot(dir);
const snapshotOk = report(`${committed.file} against ${dir}`, 'run `pnpm --filter @llm/catalog import:snapshot`, then `build:data`', snapshotDrift(fresh, committed.text));
const catalogOk = report(`src/data/catalog.json against ${committed.file}`, 'run `pnpm --filter @llm/catalog build:data`', catalogDrift(convertSnapshot(committed.snapshot), readFileSync(CATALOG_DATA_URL, 'utf8')));
if (!snapshotOk || !catalogOk) process.exit(1);
console.log(`check:drift: ${committed.file} is exactly what ${dir} gives, and src/data/catalog.json exactly what ${committed.file} gives`);
