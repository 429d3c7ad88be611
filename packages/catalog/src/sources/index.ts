export { GENAI_PRICES, GENAI_PRICES_RELEASE, genaiModelPrice, genaiPricesSource, genaiPricesVersion, modelPriceFacts, namesSameModel, toModelPrice } from './genai-prices-source.js';
export { liveModelFacts, liveSource, liveSourceId, withVision } from './live-models.js';
export {
  CatalogOverridesSchema,
  ModelOverrideSchema,
  overrideFacts,
  overrideSource,
  parseCatalogOverrides,
  parseCatalogOverridesYaml,
  type CatalogOverrides,
  type ModelOverride,
} from './catalog-overrides.js';
