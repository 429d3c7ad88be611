/**
 * Fails when src/data/catalog.json is not what a fresh conversion of the model-facts snapshot gives.
 * Usage: pnpm --filter @llm/catalog check:drift [snapshot-dir]
 */
import { catalogDrift } from './convert/index.js';
import { modelFactsDir } from './model-facts-dir.js';

const dir = process.argv[2] ?? modelFactsDir();
if (!dir) {
  console.error('check:drift: no model-facts snapshot found (pass its folder or set LLM_MODEL_FACTS_DIR); nothing was compared');
  process.exit(1);
}
const drift = catalogDrift(dir);
if (drift.length > 0) {
  console.error(`check:drift: src/data/catalog.json has drifted from ${dir} (run \`pnpm --filter @llm/catalog convert\`):`);
  for (const line of drift.slice(0, 50)) console.error(`  ${line}`);
  if (drift.length > 50) console.error(`  ... and ${drift.length - 50} more`);
  process.exit(1);
}
console.log(`check:drift: src/data/catalog.json is exactly a fresh conversion of ${dir}`);
