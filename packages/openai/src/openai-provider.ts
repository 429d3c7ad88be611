import { LLMError } from '@llm/errors';
import { maskingSecrets, withLinkedSignal, vendorFetch, vendorSend, providerSecrets, runHealthCheck, type ChatModel, type Provider, type ConnectionSettings } from '@llm/core';
import type { ModelInfo } from '@llm/schema';
import OpenAI from 'openai';
import { createOpenAICompatibleChatModel, type OpenAICompatibleSettings } from './openai-compatible-transport.js';
import { mapOpenAIError } from './openai-error.js';

/** The key falls back to `OPENAI_API_KEY`; the base URL is `https://api.openai.com/v1` by default. */
export interface OpenAIProviderSettings extends ConnectionSettings {
  organization?: string | undefined;
  project?: string | undefined;
  /** A custom fetch (proxies, instrumentation). */
  fetch?: typeof fetch | undefined;
}

export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';

/**
 * The openai SDK client, with its own retries off: retrying belongs to our middleware. `provider`
 * names the vendor in a bad `transport`'s error (Groq and OpenRouter build theirs here too); `fetch`
 * is the one it sends with (`vendorFetch` of the settings by default), which a transport can be
 * given as its `directFetch` too.
 */
export function createOpenAISdkClient(settings: OpenAIProviderSettings & { apiKey: string }, provider = 'openai', fetch: typeof globalThis.fetch = vendorFetch(settings, provider)): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey,
    maxRetries: 0,
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    ...(settings.organization ? { organization: settings.organization } : {}),
    ...(settings.project ? { project: settings.project } : {}),
    ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
    ...(settings.timeoutMs !== undefined ? { timeout: settings.timeoutMs } : {}),
    // node:http by default, or the caller's fetch / `transport` (see vendorFetch); redirects followed
    // by us: a redirect to another origin never carries the key or a secret header.
    fetch,
  });
}

export function requireApiKey(provider: string, apiKey: string | undefined, envName: string): string {
  if (!apiKey) {
    throw new LLMError({ code: 'configuration', provider, message: `${provider}: no API key; pass apiKey or set ${envName}` });
  }
  return apiKey;
}

/**
 * Lists an OpenAI-style `/models` endpoint with the key. The SDK gets a signal of the listing's own
 * that follows `signal` (it never removes the listener it adds), let go of once the page is read.
 */
export async function listOpenAIModels(client: OpenAI, provider: string, signal?: AbortSignal): Promise<ModelInfo[]> {
  try {
    const page = await withLinkedSignal(signal, (own) => client.models.list(own ? { signal: own } : undefined));
    return page.data.map((m) => ({ id: m.id, provider, ownedBy: m.owned_by, created: m.created }));
  } catch (err) {
    throw mapOpenAIError(err, { provider });
  }
}

/** The OpenAI vendor: models on the Chat Completions API, health by listing models. */
export function createOpenAIProvider(settings: OpenAIProviderSettings = {}, overrides: Partial<OpenAICompatibleSettings> = {}): Provider {
  const apiKey = requireApiKey('openai', settings.apiKey ?? process.env.OPENAI_API_KEY, 'OPENAI_API_KEY');
  // One fetch for the SDK and for the requests sent beside it (see `directFetch`); calls read whole the same way.
  const send = vendorSend(settings, 'openai');
  const client = createOpenAISdkClient({ ...settings, apiKey }, 'openai', send.fetch);
  const secrets = providerSecrets({ ...settings, apiKey });
  return {
    name: 'openai',
    chatModel: (modelId: string): ChatModel => createOpenAICompatibleChatModel({ provider: 'openai', client, modelId, secrets, directFetch: send.fetch, directWhole: send.whole, ...overrides }),
    listModels: (options) => maskingSecrets(secrets, () => listOpenAIModels(client, 'openai', options?.signal)),
    checkHealth: (options) => runHealthCheck('openai', () => maskingSecrets(secrets, () => listOpenAIModels(client, 'openai', options?.signal))),
  };
}
