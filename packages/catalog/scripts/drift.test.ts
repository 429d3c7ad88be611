import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_DATA_URL, checkCatalogData } from '../src/data/index.js';
import { catalogDrift } from './convert/index.js';
import { modelFactsDir } from './model-facts-dir.js';

/**
 * The committed catalog against a fresh conversion of the model-facts snapshot. Developers' machines
 * and CI keep the snapshot beside the repository; where it is missing, CI fails and elsewhere the
 * test says plainly that it checked only the committed file's validity (`check:drift` always
 * requires the snapshot).
 */
describe('drift between src/data/catalog.json and the model-facts snapshot', () => {
  const dir = modelFactsDir();

  it('the committed catalog is exactly a fresh conversion of the snapshot', () => {
    if (!dir) {
      if (process.env.CI) throw new Error('no model-facts snapshot beside the repository (CI must have shared/model-facts): drift not checked');
      console.warn('drift NOT checked: no model-facts snapshot found (set LLM_MODEL_FACTS_DIR); checked only that src/data/catalog.json is valid');
      expect(checkCatalogData(JSON.parse(readFileSync(CATALOG_DATA_URL, 'utf8')), 'src/data/catalog.json')).toEqual([]);
      return;
    }
    expect(catalogDrift(dir)).toEqual([]);
  });
});
