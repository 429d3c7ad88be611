import {
  connectionSettings,
  createClient, factoryConfig, providerModule, resolveSetup, type ClientConfigInput, type ClientOption, type LLMClient, type ProviderFactory } from '@llm/core';
import { catalogPriceTable } from '@llm/catalog';
import type { ContainerModule } from 'inversify';
import { createOpenAIProvider, OPENAI_DEFAULT_MODEL, type OpenAIProviderSettings } from './openai-provider.js';
import { openAITokenCounter } from './openai-token-counter.js';

/** The shared client config plus OpenAI's own settings. */
export interface OpenAIConfig extends Partial<ClientConfigInput> {
  organization?: string;
  project?: string;
  fetch?: typeof fetch;
}

/**
 * An OpenAI client: `createOpenAI({ model: 'gpt-4o-mini' }, withTimeout('30s'))`.
 * The key comes from `apiKey`, `LLM_API_KEY` (with `fromEnv()`) or `OPENAI_API_KEY`.
 */
export function createOpenAI(config: OpenAIConfig = {}, ...options: ClientOption[]): LLMClient {
  const { organization, project, fetch, ...shared } = factoryConfig('openai', config);
  const setup = resolveSetup({ model: OPENAI_DEFAULT_MODEL, ...shared, provider: 'openai' }, options);
  const settings: OpenAIProviderSettings = {
    ...connectionSettings(setup.config),
    organization,
    project,
    fetch,
  };
  // Catalog prices and the exact tokenizer; anything the caller gave (withPriceTable, withTokenCounter) wins.
  return createClient(createOpenAIProvider(settings), { ...setup, deps: { priceTable: catalogPriceTable(), tokenCounter: openAITokenCounter, ...setup.deps } });
}

export const openAIProviderFactory: ProviderFactory = {
  name: 'openai',
  createClient: (config, ...options) => createOpenAI(config, ...options),
};

/** Registers OpenAI with a container: `container.load(coreModule(), openAIModule())`. */
export function openAIModule(): ContainerModule {
  return providerModule(openAIProviderFactory);
}
