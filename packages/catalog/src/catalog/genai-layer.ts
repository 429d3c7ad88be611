import type { ModelPrice } from '@llm/core';
import { applyFacts, provenanceOf, type FactPath, type Facts, type ModelRecord, type Source } from '../record/index.js';
import { GENAI_PRICES, genaiModelPrice, modelPriceFacts, namesSameModel } from '../sources/index.js';

const time = (date: string): number => Date.parse(date.length === 7 ? `${date}-01` : date);

/**
 * The record with genai-prices' prices at `at` where they are newer: a price fact is replaced when
 * the record does not know it, or knows it from a source verified before the genai-prices release.
 * A user's override is never replaced, whatever its date. A genai-prices match that names another
 * model (its patterns are loose) is ignored.
 */
export function withGenaiPrices(record: ModelRecord, source: Source, sourceKinds: ReadonlyMap<string, Source['kind']>, at: Date): ModelRecord {
  const price: ModelPrice | undefined = genaiModelPrice(record.provider, record.model, at);
  if (!price || !namesSameModel(record.model, price.model)) return record;
  const facts: Facts = {};
  const asOf = time(source.asOf);
  for (const [path, value] of Object.entries(modelPriceFacts(price)) as [FactPath, unknown][]) {
    const current = provenanceOf(record, path);
    if (current && (sourceKinds.get(current.source) === 'override' || time(current.verifiedAt) >= asOf)) continue;
    facts[path] = value;
  }
  return applyFacts(record, facts, { source: GENAI_PRICES, verifiedAt: source.asOf });
}
