import { serializeCatalogData } from '../../src/data/index.js';
import type { CatalogData } from '../../src/record/index.js';
import { serializeSnapshot } from './snapshot-file.js';
import type { Snapshot } from './snapshot-schema.js';

type Keyed = readonly { key: string; json: string }[];

/** One line per item added, removed or changed between `committed` and `fresh` (compared by key). */
function diffItems(what: string, committed: Keyed, fresh: Keyed): string[] {
  const before = new Map(committed.map((x) => [x.key, x.json]));
  const after = new Map(fresh.map((x) => [x.key, x.json]));
  const lines: string[] = [];
  for (const [key, json] of after) {
    if (!before.has(key)) lines.push(`${what} ${key}: not in the committed file`);
    else if (before.get(key) !== json) lines.push(`${what} ${key}: differs from the committed file`);
  }
  for (const key of before.keys()) if (!after.has(key)) lines.push(`${what} ${key}: committed, but not in the fresh result`);
  return lines;
}

const keyed = <T>(items: readonly T[] | undefined, key: (item: T) => string): Keyed => (items ?? []).map((item) => ({ key: key(item), json: JSON.stringify(item) }));

function parseLoose<T>(text: string): Partial<T> | string {
  try {
    return JSON.parse(text) as Partial<T>;
  } catch (error) {
    return `the committed file is not JSON: ${(error as Error).message}`;
  }
}

/**
 * How the committed catalog text differs from `fresh` (stage 2's output): one line per source or
 * record added, removed or changed; empty when the committed file is exactly `fresh`, byte for byte.
 */
export function catalogDrift(fresh: CatalogData, committedText: string): string[] {
  if (serializeCatalogData(fresh) === committedText) return [];
  const committed = parseLoose<CatalogData>(committedText);
  if (typeof committed === 'string') return [committed];
  const lines = [
    ...diffItems('source', keyed(committed.sources, (s) => s.id), keyed(fresh.sources, (s) => s.id)),
    ...diffItems('record', keyed(committed.records, (r) => r.id), keyed(fresh.records, (r) => r.id)),
  ];
  return lines.length > 0 ? lines : ['the committed file is not in the canonical form (order, layout or header differs)'];
}

/**
 * How the committed snapshot text differs from `fresh` (stage 1's output from the upstream folder):
 * one line per model file or OpenRouter entry added, removed or changed; empty when equal byte for byte.
 */
export function snapshotDrift(fresh: Snapshot, committedText: string): string[] {
  if (serializeSnapshot(fresh) === committedText) return [];
  const committed = parseLoose<Snapshot>(committedText);
  if (typeof committed === 'string') return [committed];
  const lines = [
    ...diffItems('model file', keyed(committed.models, (m) => m.file), keyed(fresh.models, (m) => m.file)),
    ...diffItems('OpenRouter entry', keyed(committed.openRouter, (m) => m.id), keyed(fresh.openRouter, (m) => m.id)),
  ];
  if (committed.commit !== fresh.commit || committed.date !== fresh.date) lines.unshift(`upstream: committed ${committed.commit ?? '?'} (${committed.date ?? '?'}), fresh ${fresh.commit} (${fresh.date})`);
  return lines.length > 0 ? lines : ['the committed file is not in the canonical form (order, layout or header differs)'];
}
