import { maskingSecrets, providerSecrets, runHealthCheck, vendorSend, type ChatModel, type Provider, type TransportRequest, type ConnectionSettings } from '@llm/core';
import {
  createOpenAICompatibleChatModel,
  createOpenAISdkClient,
  listOpenAIModels,
  requireApiKey,
  type OpenAICompatibleSettings,
} from '@llm/openai';
import { mapGroqError } from './groq-error.js';
import { groqChunkMetadata, groqChunkUsage, groqCompletionMetadata, groqStreamMetadata } from './groq-metadata.js';
import { parseGroqSettings, type GroqSettings } from './groq-settings.js';

export const GROQ_BASE_URL = 'https://api.groq.com/openai/v1';
export const GROQ_DEFAULT_MODEL = 'llama-3.3-70b-versatile';

/** The key falls back to `GROQ_API_KEY`; the base URL is `https://api.groq.com/openai/v1` by default. */
export interface GroqProviderSettings extends GroqSettings, ConnectionSettings {}

/** Body defaults from the settings; a call's own `providerOptions.groq` wins field by field. */
function defaultsBody(settings: GroqSettings): ((request: TransportRequest) => Record<string, unknown> | undefined) | undefined {
  const defaults: Record<string, unknown> = {};
  if (settings.serviceTier) defaults.service_tier = settings.serviceTier;
  if (settings.reasoningFormat) defaults.reasoning_format = settings.reasoningFormat;
  const keys = Object.keys(defaults);
  if (keys.length === 0) return undefined;
  return (request) => {
    const own = request.providerOptions?.groq;
    if (!own) return defaults;
    const out: Record<string, unknown> = {};
    for (const key of keys) if (!(key in own)) out[key] = defaults[key];
    return out;
  };
}

/**
 * Groq: OpenAI-compatible Chat Completions at `api.groq.com/openai/v1`, run on the openai SDK through
 * @llm/openai's compatible transport, with Groq's `x_groq` field, timings, rate-limit headers and
 * errors read by this package.
 */
export function createGroqProvider(settings: GroqProviderSettings = {}, overrides: Partial<OpenAICompatibleSettings> = {}): Provider {
  const { apiKey: givenKey, baseUrl, headers, timeoutMs, transport, ...own } = settings;
  const vendor = parseGroqSettings(own);
  const apiKey = requireApiKey('groq', givenKey ?? process.env.GROQ_API_KEY, 'GROQ_API_KEY');
  // One fetch for the SDK and for the requests (streams and calls) sent beside its per-request pipeline (@llm/openai's `directFetch`).
  const send = vendorSend({ transport, fetch: vendor.fetch }, 'groq');
  const client = createOpenAISdkClient({ apiKey, baseUrl: baseUrl ?? GROQ_BASE_URL, headers, timeoutMs }, 'groq', send.fetch);
  const extraBody = defaultsBody(vendor);
  const secrets = providerSecrets({ apiKey, headers, baseUrl });
  return {
    name: 'groq',
    chatModel: (modelId: string): ChatModel =>
      createOpenAICompatibleChatModel({
        provider: 'groq',
        client,
        modelId,
        // Groq takes max_completion_tokens; its max_tokens is deprecated.
        maxTokensField: 'max_completion_tokens',
        mapError: mapGroqError,
        secrets,
        directFetch: send.fetch,
        directWhole: send.whole,
        chunkMetadata: groqChunkMetadata,
        chunkUsage: groqChunkUsage,
        completionMetadata: groqCompletionMetadata,
        streamMetadata: groqStreamMetadata,
        ...(extraBody ? { extraBody } : {}),
        ...overrides,
      }),
    listModels: (options) => maskingSecrets(secrets, () => listOpenAIModels(client, 'groq', options?.signal)),
    checkHealth: (options) => runHealthCheck('groq', () => maskingSecrets(secrets, () => listOpenAIModels(client, 'groq', options?.signal))),
  };
}
