import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_DATA_URL } from '../src/data/index.js';
import { catalogDrift, convertSnapshot, readCommittedSnapshot, serializeSnapshot } from './convert/index.js';

/**
 * Stage 2 re-run from the committed snapshot: the committed catalog must be exactly its output.
 * (Whether the committed snapshot still matches the upstream folder is `pnpm --filter @llm/catalog
 * check:drift`, outside the test suite: the folder is not part of the repository.)
 */
describe('src/data/catalog.json against the committed snapshot', () => {
  const committed = readCommittedSnapshot();

  it('the committed snapshot is valid and in its canonical form, with its upstream commit, date and licence', () => {
    expect(serializeSnapshot(committed.snapshot)).toBe(committed.text);
    expect(committed.file).toBe(`sources/models-dev-${committed.snapshot.date}.json`);
    expect(committed.snapshot.licenceText).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} models\.dev/);
    expect(committed.snapshot.models.length).toBeGreaterThan(400);
    expect(committed.snapshot.openRouter.length).toBeGreaterThan(300);
  });

  it('the committed catalog is exactly a fresh conversion of the committed snapshot (no drift)', () => {
    expect(catalogDrift(convertSnapshot(committed.snapshot), readFileSync(CATALOG_DATA_URL, 'utf8'))).toEqual([]);
  });
});
