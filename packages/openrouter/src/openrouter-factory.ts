import {
  connectionSettings,
  createClient,
  factoryConfig,
  providerModule,
  resolveSetup,
  type ClientConfigInput,
  type ClientOption,
  type LLMClient,
  type ProviderFactory,
} from '@llm/core';
import { catalogPriceTable } from '@llm/catalog';
import type { ContainerModule } from 'inversify';
import { createOpenRouterProvider, OPENROUTER_DEFAULT_MODEL } from './openrouter-provider.js';
import { openRouterSettingsIssues, type OpenRouterSettings } from './openrouter-settings.js';

/** The shared client config plus OpenRouter's own settings. */
export interface OpenRouterConfig extends Partial<ClientConfigInput>, OpenRouterSettings {}

/**
 * An OpenRouter client:
 * `createOpenRouter({ model: 'meta-llama/llama-3.3-70b-instruct', models: ['openai/gpt-4o-mini'], appName: 'My App' })`.
 * The key comes from `apiKey`, `LLM_API_KEY` (with `fromEnv()`) or `OPENROUTER_API_KEY`.
 */
export function createOpenRouter(config: OpenRouterConfig = {}, ...options: ClientOption[]): LLMClient {
  const { appUrl, appName, models, routing, fetch, ...shared } = factoryConfig('openrouter', config);
  const own: OpenRouterSettings = {
    ...(appUrl !== undefined ? { appUrl } : {}),
    ...(appName !== undefined ? { appName } : {}),
    ...(models !== undefined ? { models } : {}),
    ...(routing !== undefined ? { routing } : {}),
    ...(fetch !== undefined ? { fetch } : {}),
  };
  const setup = resolveSetup({ model: OPENROUTER_DEFAULT_MODEL, ...shared, provider: 'openrouter' }, options, openRouterSettingsIssues(own));
  const vendor = createOpenRouterProvider({
    ...own,
    ...connectionSettings(setup.config),
  });
  // Catalog prices (the vendor's reported cost, where there is one, wins); anything the caller gave wins.
  return createClient(vendor, { ...setup, deps: { priceTable: catalogPriceTable(), ...setup.deps } });
}

export const openRouterProviderFactory: ProviderFactory = {
  name: 'openrouter',
  createClient: (config, ...options) => createOpenRouter(config, ...options),
};

/** Registers OpenRouter with a container: `container.load(coreModule(), openRouterModule())`. */
export function openRouterModule(): ContainerModule {
  return providerModule(openRouterProviderFactory);
}
