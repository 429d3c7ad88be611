import { LLMError } from '@llm/errors';
import { maskingSecrets, vendorFetch, providerSecrets, runHealthCheck, type ChatModel, type Provider, type ConnectionSettings } from '@llm/core';
import type { ModelCapabilities, ModelInfo } from '@llm/schema';
import Anthropic from '@anthropic-ai/sdk';
import type { AnthropicStructuredOutputMode } from './anthropic-config.js';
import { mapAnthropicError } from './anthropic-error.js';
import { createAnthropicChatModel } from './anthropic-transport.js';

/**
 * The key falls back to `ANTHROPIC_API_KEY` (SDK 1.x sends it as `Authorization: Bearer`); the base
 * URL is the API host without `/v1` (the SDK adds it), `https://api.anthropic.com` by default.
 */
export interface AnthropicProviderSettings extends ConnectionSettings {
  /** A custom fetch (proxies, instrumentation). */
  fetch?: typeof fetch | undefined;
  /** How structured output is asked for; `native` (`output_config.format`) by default. */
  structuredOutput?: AnthropicStructuredOutputMode | undefined;
}

/**
 * The @anthropic-ai/sdk client, with its own retries off (retrying belongs to our middleware), its
 * logging quiet and its own OpenTelemetry spans off: the SDK would add an `anthropic.messages.create`
 * CLIENT span under our inference span (two inference spans per call, token totals counted twice).
 */
export function createAnthropicSdkClient(settings: AnthropicProviderSettings & { apiKey: string }): Anthropic {
  return new Anthropic({
    apiKey: settings.apiKey,
    // Only the key authenticates: no bearer token picked up from the environment.
    authToken: null,
    maxRetries: 0,
    // Failures reach the caller as LLMErrors; the SDK need not print them too.
    logLevel: 'off',
    // Our tracing middleware makes the call's inference span; the SDK's own would be a second one
    // (and it ignores ANTHROPIC_OPEN_TELEMETRY when given this).
    openTelemetry: false,
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
    ...(settings.timeoutMs !== undefined ? { timeout: settings.timeoutMs } : {}),
    // node:http by default, or the caller's fetch / `transport` (see vendorFetch); redirects followed
    // by us: a redirect to another origin never carries the key or a secret header.
    fetch: vendorFetch(settings, 'anthropic'),
  });
}

function requireApiKey(apiKey: string | undefined): string {
  if (!apiKey) {
    throw new LLMError({ code: 'configuration', provider: 'anthropic', message: 'anthropic: no API key; pass apiKey or set ANTHROPIC_API_KEY' });
  }
  return apiKey;
}

function capabilities(info: Anthropic.Models.ModelInfo): ModelCapabilities | undefined {
  const caps = info.capabilities;
  if (!caps) return undefined;
  const out: ModelCapabilities = { tools: true, streaming: true };
  if (caps.image_input) out.vision = caps.image_input.supported;
  if (caps.structured_outputs) out.structuredOutput = caps.structured_outputs.supported;
  if (caps.thinking) out.reasoning = caps.thinking.supported;
  return out;
}

/** One `/v1/models` entry as our ModelInfo. */
export function toModelInfo(info: Anthropic.Models.ModelInfo): ModelInfo {
  const out: ModelInfo = { id: info.id, provider: 'anthropic' };
  if (info.display_name) out.displayName = info.display_name;
  const created = info.created_at ? Date.parse(info.created_at) : NaN;
  if (!Number.isNaN(created)) out.created = Math.floor(created / 1000);
  if (info.max_input_tokens) out.contextWindow = info.max_input_tokens;
  if (info.max_tokens) out.maxOutputTokens = info.max_tokens;
  const caps = capabilities(info);
  if (caps) out.capabilities = caps;
  return out;
}

/** Lists every model the key can use (`GET /v1/models`, all pages). */
export async function listAnthropicModels(client: Anthropic, signal?: AbortSignal): Promise<ModelInfo[]> {
  try {
    const out: ModelInfo[] = [];
    for await (const info of client.models.list({ limit: 1000 }, signal ? { signal } : undefined)) out.push(toModelInfo(info));
    return out;
  } catch (err) {
    throw mapAnthropicError(err, { provider: 'anthropic' });
  }
}

/** The Anthropic vendor: models on the Messages API, health by listing models with the key. */
export function createAnthropicProvider(settings: AnthropicProviderSettings = {}): Provider {
  const apiKey = requireApiKey(settings.apiKey ?? process.env.ANTHROPIC_API_KEY);
  const client = createAnthropicSdkClient({ ...settings, apiKey });
  const secrets = providerSecrets({ ...settings, apiKey });
  return {
    name: 'anthropic',
    chatModel: (modelId: string): ChatModel =>
      createAnthropicChatModel({ client, modelId, secrets, ...(settings.structuredOutput ? { structuredOutput: settings.structuredOutput } : {}) }),
    listModels: (options) => maskingSecrets(secrets, () => listAnthropicModels(client, options?.signal)),
    checkHealth: (options) =>
      runHealthCheck('anthropic', async () => {
        // One page is proof enough that the key works.
        try {
          await client.models.list({ limit: 1 }, options?.signal ? { signal: options.signal } : undefined);
        } catch (err) {
          throw mapAnthropicError(err, { provider: 'anthropic' }).maskSecrets(secrets);
        }
      }),
  };
}
