import {
  connectionSettings,
  createClient, factoryConfig, providerModule, resolveSetup, type ClientConfigInput, type ClientOption, type LLMClient, type ProviderFactory } from '@llm/core';
import { catalogPriceTable } from '@llm/catalog';
import type { ContainerModule } from 'inversify';
import { ANTHROPIC_DEFAULT_MODEL, type AnthropicStructuredOutputMode } from './anthropic-config.js';
import { createAnthropicProvider, createAnthropicSdkClient, type AnthropicProviderSettings } from './anthropic-provider.js';
import { anthropicTokenCounterFactory } from './anthropic-token-counter.js';

/** The shared client config plus Anthropic's own settings. */
export interface AnthropicConfig extends Partial<ClientConfigInput> {
  /** How structured output is asked for: `native` (`output_config.format`, default) or `tool` (a forced `json_output` call). */
  structuredOutput?: AnthropicStructuredOutputMode;
  fetch?: typeof fetch;
}

/**
 * An Anthropic client: `createAnthropic({ model: 'claude-sonnet-4-5' }, withTimeout('30s'))`.
 * The key comes from `apiKey`, `LLM_API_KEY` (with `fromEnv()`) or `ANTHROPIC_API_KEY`.
 */
export function createAnthropic(config: AnthropicConfig = {}, ...options: ClientOption[]): LLMClient {
  const { structuredOutput, fetch, ...shared } = factoryConfig('anthropic', config);
  const setup = resolveSetup({ model: ANTHROPIC_DEFAULT_MODEL, ...shared, provider: 'anthropic' }, options);
  const settings: AnthropicProviderSettings = {
    ...connectionSettings(setup.config),
    structuredOutput,
    fetch,
  };
  const provider = createAnthropicProvider(settings);
  // A second SDK client (the provider keeps its own private) for the count_tokens endpoint; it sends nothing until asked.
  const counting = createAnthropicSdkClient({ ...settings, apiKey: settings.apiKey ?? process.env.ANTHROPIC_API_KEY ?? '' });
  return createClient(provider, { ...setup, deps: { priceTable: catalogPriceTable(), tokenCounter: anthropicTokenCounterFactory(counting), ...setup.deps } });
}

export const anthropicProviderFactory: ProviderFactory = {
  name: 'anthropic',
  createClient: (config, ...options) => createAnthropic(config, ...options),
};

/** Registers Anthropic with a container: `container.load(coreModule(), anthropicModule())`. */
export function anthropicModule(): ContainerModule {
  return providerModule(anthropicProviderFactory);
}
