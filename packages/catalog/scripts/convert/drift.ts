import { readFileSync } from 'node:fs';
import { CATALOG_DATA_URL, serializeCatalogData } from '../../src/data/index.js';
import type { CatalogData } from '../../src/record/index.js';
import { convertSnapshot } from './convert-snapshot.js';
import { readSnapshot } from './read-snapshot.js';

/**
 * How the committed catalog differs from a fresh conversion of the snapshot in `dir`: one line per
 * source or record added, removed or changed (empty when there is no drift).
 */
export function catalogDrift(dir: string, committedUrl: URL = CATALOG_DATA_URL): string[] {
  const fresh = convertSnapshot(readSnapshot(dir));
  const committedText = readFileSync(committedUrl, 'utf8');
  if (serializeCatalogData(fresh) === committedText) return [];
  const committed = JSON.parse(committedText) as CatalogData;
  const lines: string[] = [];
  const diff = (what: string, a: readonly { id: string }[], b: readonly { id: string }[]): void => {
    const before = new Map(a.map((x) => [x.id, JSON.stringify(x)]));
    const after = new Map(b.map((x) => [x.id, JSON.stringify(x)]));
    for (const [id, json] of after) if (!before.has(id)) lines.push(`${what} ${id}: not in the committed catalog`);
    else if (before.get(id) !== json) lines.push(`${what} ${id}: differs from the committed catalog`);
    for (const id of before.keys()) if (!after.has(id)) lines.push(`${what} ${id}: committed, but no longer in the snapshot`);
  };
  diff('source', committed.sources ?? [], fresh.sources);
  diff('record', committed.records ?? [], fresh.records);
  if (lines.length === 0) lines.push('the committed file is not in the canonical form (order or layout differs)');
  return lines;
}
