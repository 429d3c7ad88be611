/**
 * Stage 2: converts the committed snapshot (sources/models-dev-<date>.json) into src/data/catalog.json.
 * Usage: pnpm --filter @llm/catalog build:data
 */
import { writeFileSync } from 'node:fs';
import { CATALOG_DATA_URL, serializeCatalogData } from '../src/data/index.js';
import { convertSnapshot, readCommittedSnapshot } from './convert/index.js';

const { file, snapshot } = readCommittedSnapshot();
const data = convertSnapshot(snapshot);
writeFileSync(CATALOG_DATA_URL, serializeCatalogData(data));
const counts = new Map<string, number>();
for (const r of data.records) counts.set(r.provider, (counts.get(r.provider) ?? 0) + 1);
const byProvider = [...counts].map(([p, n]) => `${p} ${n}`);
console.log(`wrote ${data.records.length} records (${byProvider.join(', ')}) from ${file} to src/data/catalog.json`);
