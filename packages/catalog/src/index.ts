export * from './record/index.js';
export { CATALOG_DATA_URL, checkCatalogData, readCatalogData, serializeCatalogData } from './data/index.js';
export * from './catalog/index.js';
export * from './prices/index.js';
export {
  CatalogOverridesSchema,
  GENAI_PRICES_RELEASE,
  ModelOverrideSchema,
  parseCatalogOverrides,
  parseCatalogOverridesYaml,
  toModelPrice,
  type CatalogOverrides,
  type ModelOverride,
} from './sources/index.js';
