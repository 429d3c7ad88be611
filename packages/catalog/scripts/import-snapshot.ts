/**
 * Stage 1: reads the upstream model-facts folder (models.dev TOML of the five vendors + OpenRouter's
 * listing) and writes the normalised snapshot sources/models-dev-<date>.json (replacing the previous one).
 * Usage: pnpm --filter @llm/catalog import:snapshot [model-facts-dir]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { readSnapshot, serializeSnapshot, snapshotFileName, snapshotFiles, SNAPSHOTS_DIR_URL } from './convert/index.js';
import { modelFactsDir } from './model-facts-dir.js';

const dir = process.argv[2] ?? modelFactsDir();
if (!dir) {
  console.error('import:snapshot: no model-facts folder found: pass it or set LLM_MODEL_FACTS_DIR');
  process.exit(1);
}
const snapshot = readSnapshot(dir);
const name = snapshotFileName(snapshot);
for (const old of snapshotFiles()) if (old !== name) rmSync(new URL(old, SNAPSHOTS_DIR_URL));
writeFileSync(new URL(name, SNAPSHOTS_DIR_URL), serializeSnapshot(snapshot));
console.log(`wrote sources/${name}: ${snapshot.models.length} models.dev files and ${snapshot.openRouter.length} OpenRouter entries from ${dir} (${snapshot.repository} ${snapshot.commit}); now run build:data`);
