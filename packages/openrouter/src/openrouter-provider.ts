import { maskingSecrets, withLinkedSignal, providerSecrets, runHealthCheck, vendorSend, type ChatModel, type Provider, type ConnectionSettings } from '@llm/core';
import {
  createOpenAICompatibleChatModel,
  createOpenAISdkClient,
  listOpenAIModels,
  requireApiKey,
  type OpenAICompatibleSettings,
} from '@llm/openai';
import type OpenAI from 'openai';
import { mapOpenRouterError } from './openrouter-error.js';
import { openRouterChunkMetadata, openRouterCompletionMetadata } from './openrouter-metadata.js';
import { createOpenRouterBody } from './openrouter-request.js';
import { parseOpenRouterSettings, type OpenRouterSettings } from './openrouter-settings.js';
import { mapOpenRouterUsage } from './openrouter-usage.js';

export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';
export const OPENROUTER_DEFAULT_MODEL = 'openai/gpt-4o-mini';

/** The key falls back to `OPENROUTER_API_KEY`; the base URL is `https://openrouter.ai/api/v1` by default. */
export interface OpenRouterProviderSettings extends OpenRouterSettings, ConnectionSettings {}

/** The attribution headers OpenRouter reads, under the caller's own headers. */
function attributionHeaders(settings: { appUrl?: string | undefined; appName?: string | undefined }, headers: Record<string, string> | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (settings.appUrl) out['HTTP-Referer'] = settings.appUrl;
  if (settings.appName) out['X-Title'] = settings.appName;
  Object.assign(out, headers);
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * OpenRouter's cheap authenticated call: the current key's details (`GET /key`; `/models` needs no
 * key). The SDK gets a signal of the check's own that follows `signal` (it never removes the
 * listener it adds), let go of once the check is over.
 */
async function checkKey(client: OpenAI, signal: AbortSignal | undefined): Promise<void> {
  try {
    await withLinkedSignal(signal, (own) => client.get('/key', own ? { signal: own } : undefined));
  } catch (err) {
    throw mapOpenRouterError(err, { provider: 'openrouter' });
  }
}

/**
 * OpenRouter: one key for many vendors' models over OpenAI-compatible Chat Completions, run on the
 * openai SDK through @llm/openai's compatible transport, with model fallbacks, provider routing,
 * attribution headers, the reported cost and OpenRouter's errors handled by this package.
 */
export function createOpenRouterProvider(settings: OpenRouterProviderSettings = {}, overrides: Partial<OpenAICompatibleSettings> = {}): Provider {
  const { apiKey: givenKey, baseUrl, headers, timeoutMs, transport, ...own } = settings;
  const vendor = parseOpenRouterSettings(own);
  const apiKey = requireApiKey('openrouter', givenKey ?? process.env.OPENROUTER_API_KEY, 'OPENROUTER_API_KEY');
  // One fetch for the SDK and for the requests (streams and calls) sent beside its per-request pipeline (@llm/openai's `directFetch`).
  const send = vendorSend({ transport, fetch: vendor.fetch }, 'openrouter');
  const client = createOpenAISdkClient({ apiKey, baseUrl: baseUrl ?? OPENROUTER_BASE_URL, headers: attributionHeaders(vendor, headers), timeoutMs }, 'openrouter', send.fetch);
  const extraBody = createOpenRouterBody({ models: vendor.models, routing: vendor.routing });
  const secrets = providerSecrets({ apiKey, headers, baseUrl });
  return {
    name: 'openrouter',
    chatModel: (modelId: string): ChatModel =>
      createOpenAICompatibleChatModel({
        provider: 'openrouter',
        client,
        modelId,
        maxTokensField: 'max_tokens',
        extraBody,
        mapError: mapOpenRouterError,
        secrets,
        directFetch: send.fetch,
        directWhole: send.whole,
        mapUsage: mapOpenRouterUsage,
        chunkMetadata: openRouterChunkMetadata,
        completionMetadata: openRouterCompletionMetadata,
        ...overrides,
      }),
    listModels: (options) => maskingSecrets(secrets, () => listOpenAIModels(client, 'openrouter', options?.signal)),
    checkHealth: (options) => runHealthCheck('openrouter', () => maskingSecrets(secrets, () => checkKey(client, options?.signal))),
  };
}
