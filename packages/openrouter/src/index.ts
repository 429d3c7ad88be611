export { createOpenRouter, openRouterModule, openRouterProviderFactory, type OpenRouterConfig } from './openrouter-factory.js';
export { createOpenRouterProvider, OPENROUTER_BASE_URL, OPENROUTER_DEFAULT_MODEL, type OpenRouterProviderSettings } from './openrouter-provider.js';
export {
  OpenRouterSettingsSchema,
  OpenRouterCallOptionsSchema,
  ProviderRoutingSchema,
  OPENROUTER_SORTS,
  OPENROUTER_QUANTIZATIONS,
  parseOpenRouterSettings,
  parseOpenRouterCallOptions,
  openRouterSettingsIssues,
  type OpenRouterSettings,
  type OpenRouterCallOptions,
  type ProviderRouting,
} from './openrouter-settings.js';
export { createOpenRouterBody, toWireRouting, type OpenRouterBodyDefaults } from './openrouter-request.js';
export { mapOpenRouterUsage, type OpenRouterUsage } from './openrouter-usage.js';
export { openRouterChunkMetadata, openRouterCompletionMetadata, type OpenRouterMetadata } from './openrouter-metadata.js';
export { mapOpenRouterError } from './openrouter-error.js';
