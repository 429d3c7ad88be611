import { GoogleGenAI, type HttpOptions, type Model } from '@google/genai';
import { maskingSecrets, withLinkedSignal, providerSecrets, runHealthCheck, type ChatModel, type Provider, type ConnectionSettings } from '@llm/core';
import { LLMError } from '@llm/errors';
import type { ModelInfo } from '@llm/schema';
import { mapGoogleError } from './google-error.js';
import { googleSdkFetch } from './google-fetch.js';
import { ThoughtSignatures } from './google-tool-calls.js';
import { bareModelId, createGoogleChatModel } from './google-transport.js';

/**
 * The key falls back to `GOOGLE_API_KEY`, then `GEMINI_API_KEY`; the base URL is the API root
 * (`https://generativelanguage.googleapis.com` by default; the SDK adds `/v1beta`).
 */
export interface GoogleProviderSettings extends ConnectionSettings {
  /** `v1beta` by default. */
  apiVersion?: string | undefined;
  /** A custom fetch (proxies, instrumentation). */
  fetch?: typeof fetch | undefined;
}

export const GOOGLE_DEFAULT_MODEL = 'gemini-2.5-flash';

/** The key from the settings or the environment, or a `configuration` LLMError naming both variables. */
export function resolveGoogleApiKey(apiKey: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const key = apiKey ?? (env.GOOGLE_API_KEY?.trim() || undefined) ?? (env.GEMINI_API_KEY?.trim() || undefined);
  if (!key) {
    throw new LLMError({ code: 'configuration', provider: 'google', message: 'google: no API key; pass apiKey or set GOOGLE_API_KEY (or GEMINI_API_KEY)' });
  }
  return key;
}

/**
 * The @google/genai client for the Gemini API (never Vertex AI, whatever the environment says),
 * with the SDK's own retries left off: retrying belongs to our middleware.
 */
export function createGoogleSdkClient(settings: GoogleProviderSettings & { apiKey: string }): GoogleGenAI {
  const httpOptions: HttpOptions = {};
  if (settings.baseUrl) httpOptions.baseUrl = settings.baseUrl;
  if (settings.headers) httpOptions.headers = settings.headers;
  if (settings.timeoutMs !== undefined) httpOptions.timeout = settings.timeoutMs;
  // node:http by default, or the caller's fetch / `transport` (see vendorFetch); redirects followed by us:
  // a redirect to another origin never carries `x-goog-api-key` or a secret header.
  httpOptions.fetch = googleSdkFetch(settings);
  return new GoogleGenAI({
    apiKey: settings.apiKey,
    vertexai: false,
    ...(settings.apiVersion ? { apiVersion: settings.apiVersion } : {}),
    httpOptions,
  });
}

/** One Gemini model entry as a ModelInfo (`inputTokenLimit` → contextWindow, `outputTokenLimit` → maxOutputTokens). */
export function toModelInfo(model: Model, provider = 'google'): ModelInfo {
  const info: ModelInfo = { id: bareModelId(model.name ?? ''), provider };
  if (model.displayName) info.displayName = model.displayName;
  if (model.inputTokenLimit && model.inputTokenLimit > 0) info.contextWindow = model.inputTokenLimit;
  if (model.outputTokenLimit && model.outputTokenLimit > 0) info.maxOutputTokens = model.outputTokenLimit;
  const actions = model.supportedActions ?? [];
  if (actions.length || model.thinking !== undefined) {
    const generates = actions.includes('generateContent');
    info.capabilities = {
      streaming: generates,
      tools: generates,
      structuredOutput: generates,
      ...(model.thinking !== undefined ? { reasoning: model.thinking } : {}),
    };
  }
  return info;
}

/**
 * Lists every model the key can see (`GET /v1beta/models`, all pages). The SDK gets a signal of the
 * listing's own that follows `signal` (it never removes the listener it adds), let go of once the
 * last page is read.
 */
export async function listGoogleModels(client: GoogleGenAI, provider = 'google', signal?: AbortSignal): Promise<ModelInfo[]> {
  try {
    return await withLinkedSignal(signal, async (own) => {
      const pager = await client.models.list({ config: { pageSize: 1000, ...(own ? { abortSignal: own } : {}) } });
      const out: ModelInfo[] = [];
      for await (const model of pager) if (model.name) out.push(toModelInfo(model, provider));
      return out;
    });
  } catch (err) {
    throw mapGoogleError(err, { provider, signal });
  }
}

/** The Google vendor: Gemini models over the official SDK, health by listing models with the key. */
export function createGoogleProvider(settings: GoogleProviderSettings = {}): Provider {
  const apiKey = resolveGoogleApiKey(settings.apiKey);
  const client = createGoogleSdkClient({ ...settings, apiKey });
  // The client's fetch: streams are sent with it too (see GoogleTransportSettings.fetch).
  const sdkFetch = googleSdkFetch(settings);
  const signatures = new ThoughtSignatures();
  const secrets = providerSecrets({ ...settings, apiKey });
  return {
    name: 'google',
    chatModel: (modelId: string): ChatModel => createGoogleChatModel({ client, modelId, signatures, fetch: sdkFetch, secrets }),
    listModels: (options) => maskingSecrets(secrets, () => listGoogleModels(client, 'google', options?.signal)),
    checkHealth: (options) =>
      runHealthCheck('google', async () => {
        try {
          // One page of one model: the cheapest call that proves the key works. As for a listing: the
          // SDK gets a signal of the check's own, let go of once it is over.
          await withLinkedSignal(options?.signal, (own) => client.models.list({ config: { pageSize: 1, ...(own ? { abortSignal: own } : {}) } }));
        } catch (err) {
          throw mapGoogleError(err, { provider: 'google', signal: options?.signal }).maskSecrets(secrets);
        }
      }),
  };
}
