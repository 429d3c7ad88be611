import { createClient, providerModule, resolveSetup, type ClientConfigInput, type ClientOption, type LLMClient, type ProviderFactory } from '@llm/core';
import type { ContainerModule } from 'inversify';
import { createGoogleProvider, GOOGLE_DEFAULT_MODEL, type GoogleProviderSettings } from './google-provider.js';

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
  const { apiVersion, fetch, ...shared } = config;
  const setup = resolveSetup({ model: GOOGLE_DEFAULT_MODEL, ...shared, provider: 'google' }, options);
  const settings: GoogleProviderSettings = {
    apiKey: setup.config.apiKey,
    baseUrl: setup.config.baseUrl,
    headers: setup.config.headers,
    timeoutMs: setup.config.timeout,
    apiVersion,
    fetch,
  };
  return createClient(createGoogleProvider(settings), setup);
}

export const googleProviderFactory: ProviderFactory = {
  name: 'google',
  createClient: (config, ...options) => createGoogle(config, ...options),
};

/** Registers Google with a container: `container.load(coreModule(), googleModule())`. */
export function googleModule(): ContainerModule {
  return providerModule(googleProviderFactory);
}
