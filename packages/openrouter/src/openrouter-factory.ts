import {
  createClient,
  providerModule,
  resolveSetup,
  type ClientConfigInput,
  type ClientOption,
  type LLMClient,
  type ProviderFactory,
  type ResolvedSetup,
} from '@llm/core';
import { LLMError } from '@llm/errors';
import { catalogPriceTable } from '@llm/catalog';
import type { ContainerModule } from 'inversify';
import { createOpenRouterProvider, OPENROUTER_DEFAULT_MODEL } from './openrouter-provider.js';
import { openRouterSettingsIssues, type OpenRouterSettings } from './openrouter-settings.js';

/** The shared client config plus OpenRouter's own settings. */
export interface OpenRouterConfig extends Partial<ClientConfigInput>, OpenRouterSettings {}

/**
 * Validates the shared config and OpenRouter's settings together: one `configuration` LLMError
 * names every bad field of both.
 */
function resolveOpenRouterSetup(shared: Partial<ClientConfigInput>, own: OpenRouterSettings, options: readonly ClientOption[]): ResolvedSetup {
  const ownIssues = openRouterSettingsIssues(own);
  let setup: ResolvedSetup | undefined;
  let sharedFields: string[] = [];
  try {
    setup = resolveSetup({ model: OPENROUTER_DEFAULT_MODEL, ...shared, provider: 'openrouter' }, options);
  } catch (err) {
    if (!LLMError.is(err) || err.code !== 'configuration' || ownIssues.length === 0) throw err;
    const fields = err.details?.fields;
    sharedFields = Array.isArray(fields) ? fields.map(String) : [err.message];
  }
  if (!setup || ownIssues.length > 0) {
    const fields = [...sharedFields, ...ownIssues];
    throw new LLMError({ code: 'configuration', provider: 'openrouter', message: `invalid configuration: ${fields.join('; ')}`, details: { fields } });
  }
  return setup;
}

/**
 * An OpenRouter client:
 * `createOpenRouter({ model: 'meta-llama/llama-3.3-70b-instruct', models: ['openai/gpt-4o-mini'], appName: 'My App' })`.
 * The key comes from `apiKey`, `LLM_API_KEY` (with `fromEnv()`) or `OPENROUTER_API_KEY`.
 */
export function createOpenRouter(config: OpenRouterConfig = {}, ...options: ClientOption[]): LLMClient {
  const { appUrl, appName, models, routing, fetch, ...shared } = config;
  const own: OpenRouterSettings = {
    ...(appUrl !== undefined ? { appUrl } : {}),
    ...(appName !== undefined ? { appName } : {}),
    ...(models !== undefined ? { models } : {}),
    ...(routing !== undefined ? { routing } : {}),
    ...(fetch !== undefined ? { fetch } : {}),
  };
  const setup = resolveOpenRouterSetup(shared, own, options);
  const vendor = createOpenRouterProvider({
    ...own,
    apiKey: setup.config.apiKey,
    baseUrl: setup.config.baseUrl,
    headers: setup.config.headers,
    timeoutMs: setup.config.timeout,
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
