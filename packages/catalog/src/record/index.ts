export * from './model-record-schema.js';
export { FACT_PATHS, getFact, isFactPath, isKnownFact, isKnownValue, type FactPath } from './fact-paths.js';
export { applyFacts, emptyRecord, provenanceOf, type ApplyFactsOptions, type FactOrigin, type Facts } from './apply-facts.js';
export { CATALOG_FORMAT_VERSION, CatalogDataSchema, recordIssues, type CatalogData, type RecordIssue } from './catalog-data-schema.js';
