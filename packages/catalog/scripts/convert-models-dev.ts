/**
 * Converts the model-facts snapshot (models.dev TOML of the five vendors + OpenRouter's listing)
 * into src/data/catalog.json. Usage: pnpm --filter @llm/catalog convert [snapshot-dir]
 */
import { writeFileSync } from 'node:fs';
import { CATALOG_DATA_URL, serializeCatalogData } from '../src/data/index.js';
import { convertSnapshot, readSnapshot } from './convert/index.js';
import { modelFactsDir } from './model-facts-dir.js';

const dir = process.argv[2] ?? modelFactsDir();
if (!dir) {
  console.error('no model-facts snapshot found: pass its folder or set LLM_MODEL_FACTS_DIR');
  process.exit(1);
}
const data = convertSnapshot(readSnapshot(dir));
writeFileSync(CATALOG_DATA_URL, serializeCatalogData(data));
const counts = new Map<string, number>();
for (const r of data.records) counts.set(r.provider, (counts.get(r.provider) ?? 0) + 1);
const byProvider = [...counts].map(([p, n]) => `${p} ${n}`);
console.log(`wrote ${data.records.length} records (${byProvider.join(', ')}) from ${dir} to ${CATALOG_DATA_URL.pathname}`);
