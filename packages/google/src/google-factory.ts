import {
  connectionSettings,
  createClient, factoryConfig, providerModule, resolveSetup, type ClientConfigInput, type ClientOption, type LLMClient, type ProviderFactory } from '@llm/core';
import { catalogPriceTable } from '@llm/catalog';
import type { ContainerModule } from 'inversify';
import { createGoogleProvider, createGoogleSdkClient, GOOGLE_DEFAULT_MODEL, resolveGoogleApiKey, type GoogleProviderSettings } from './google-provider.js';
import { googleTokenCounterFactory } from './google-token-counter.js';

/** The shared client config plus Google's own settings. */
export interface GoogleConfig extends Partial<ClientConfigInput> {
  /** `v1beta` by default. */
  apiVersion?: string;
  fetch?: typeof fetch;
}

/**
 * A Gemini client: `createGoogle({ model: 'gemini-2.5-flash' }, withTimeout('30s'))`.
 * The key comes from `apiKey`, `LLM_API_KEY` (with `fromEnv()`), `GOOGLE_API_KEY` or `GEMINI_API_KEY`.
 */
export function createGoogle(config: GoogleConfig = {}, ...options: ClientOption[]): LLMClient {
  const { apiVersion, fetch, ...shared } = factoryConfig('google', config);
  const setup = resolveSetup({ model: GOOGLE_DEFAULT_MODEL, ...shared, provider: 'google' }, options);
  const settings: GoogleProviderSettings = {
    ...connectionSettings(setup.config),
    apiVersion,
    fetch,
  };
  const provider = createGoogleProvider(settings);
  // A second SDK client (the provider keeps its own private) for the countTokens endpoint; it sends nothing until asked.
  const counting = createGoogleSdkClient({ ...settings, apiKey: resolveGoogleApiKey(settings.apiKey) });
  return createClient(provider, { ...setup, deps: { priceTable: catalogPriceTable(), tokenCounter: googleTokenCounterFactory(counting), ...setup.deps } });
}

export const googleProviderFactory: ProviderFactory = {
  name: 'google',
  createClient: (config, ...options) => createGoogle(config, ...options),
};

/** Registers Google with a container: `container.load(coreModule(), googleModule())`. */
export function googleModule(): ContainerModule {
  return providerModule(googleProviderFactory);
}
