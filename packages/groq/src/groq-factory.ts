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
import { createGroqProvider, GROQ_DEFAULT_MODEL } from './groq-provider.js';
import { groqSettingsIssues, type GroqSettings } from './groq-settings.js';

/** The shared client config plus Groq's own settings. */
export interface GroqConfig extends Partial<ClientConfigInput>, GroqSettings {}

/**
 * A Groq client: `createGroq({ model: 'llama-3.3-70b-versatile' }, withTimeout('30s'))`.
 * The key comes from `apiKey`, `LLM_API_KEY` (with `fromEnv()`) or `GROQ_API_KEY`.
 */
export function createGroq(config: GroqConfig = {}, ...options: ClientOption[]): LLMClient {
  const { serviceTier, reasoningFormat, fetch, ...shared } = factoryConfig('groq', config);
  const own: GroqSettings = {
    ...(serviceTier !== undefined ? { serviceTier } : {}),
    ...(reasoningFormat !== undefined ? { reasoningFormat } : {}),
    ...(fetch !== undefined ? { fetch } : {}),
  };
  const setup = resolveSetup({ model: GROQ_DEFAULT_MODEL, ...shared, provider: 'groq' }, options, groqSettingsIssues(own));
  const provider = createGroqProvider({
    ...own,
    ...connectionSettings(setup.config),
  });
  // Catalog prices (the vendor's reported cost, where there is one, wins); anything the caller gave wins.
  return createClient(provider, { ...setup, deps: { priceTable: catalogPriceTable(), ...setup.deps } });
}

export const groqProviderFactory: ProviderFactory = {
  name: 'groq',
  createClient: (config, ...options) => createGroq(config, ...options),
};

/** Registers Groq with a container: `container.load(coreModule(), groqModule())`. */
export function groqModule(): ContainerModule {
  return providerModule(groqProviderFactory);
}
