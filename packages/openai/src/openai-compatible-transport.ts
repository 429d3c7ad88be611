import { createChatModel, ServerSentEventParts, withLinkedSignal, type ChatModel, type SendWhole, type ChatTransport, type TransportRequest, type ReplyContext, type TransportResponse } from '@llm/core';
import type { ErrorContext, LLMError } from '@llm/errors';
import type OpenAI from 'openai';
import { mapOpenAIError } from './openai-error.js';
import { toChatCompletionBody, type OpenAIRequestOptions } from './openai-request.js';
import { fromChatCompletion } from './openai-response.js';
import { ChatCompletionSink, type ChunkHooks } from './openai-stream.js';
import { OpenAIDirectRequest } from './openai-direct-request.js';

/**
 * A Chat Completions transport over the official openai SDK. OpenAI uses it as it is;
 * OpenAI-compatible vendors (Groq, OpenRouter) add their fields through the hooks.
 */
export interface OpenAICompatibleSettings extends ChunkHooks {
  provider: string;
  client: OpenAI;
  modelId: string;
  maxTokensField?: OpenAIRequestOptions['maxTokensField'];
  /** Key under `providerOptions` passed into the body; the provider's name by default. */
  providerOptionsKey?: string;
  /** Vendor body fields added to every request (OpenRouter's `models`, `provider`). */
  extraBody?: (request: TransportRequest) => Record<string, unknown> | undefined;
  /** Vendor metadata read off a whole completion and its headers. */
  completionMetadata?: (completion: OpenAI.Chat.Completions.ChatCompletion, headers: Headers, ctx: ReplyContext) => Record<string, unknown> | undefined;
  /** Vendor metadata read off a stream's response headers (Groq's rate-limit state). */
  streamMetadata?: (headers: Headers) => Record<string, unknown> | undefined;
  /** The vendor's error mapping (one file per provider); `mapOpenAIError` by default. */
  mapError?: (err: unknown, ctx: ErrorContext) => LLMError;
  /** Values masked in every error this transport makes (the key, secret header values: `providerSecrets`). */
  secrets?: readonly string[] | undefined;
  /**
   * The fetch `client` was made with. Given (and the client makes no retries of its own), each request,
   * a stream's or a call's, is sent with it directly, with the URL and headers the SDK builds for the
   * client, instead of through the SDK's per-request pipeline (see `OpenAIDirectRequest`); its errors
   * stay the SDK's. Leave it unset for a client that rewrites its requests (a subclass, a key that
   * changes per call).
   */
  directFetch?: typeof fetch | undefined;
  /**
   * How a call sent directly is read whole: core's `vendorSend(...).whole` for the same settings as
   * `directFetch` (on node:http, without a `Response` or web stream). By default `directFetch` and `text()`.
   */
  directWhole?: SendWhole | undefined;
}

export function createOpenAICompatibleTransport(settings: OpenAICompatibleSettings): ChatTransport {
  const { provider, client, modelId } = settings;
  const ctx = { provider, model: modelId };
  const requestOptions: OpenAIRequestOptions = {
    modelId,
    provider,
    maxTokensField: settings.maxTokensField ?? 'max_completion_tokens',
    providerOptionsKey: settings.providerOptionsKey ?? provider,
  };
  const vendorMapError = settings.mapError ?? mapOpenAIError;
  const secrets = settings.secrets ?? [];
  const mapError = (err: unknown) => vendorMapError(err, ctx).maskSecrets(secrets);
  const direct = settings.directFetch && OpenAIDirectRequest.suits(client) ? new OpenAIDirectRequest(client, settings.directFetch, settings.directWhole) : undefined;
  const buildBody = (request: TransportRequest) => {
    const body = toChatCompletionBody(request, requestOptions);
    const extra = settings.extraBody?.(request);
    return extra ? Object.assign(body, extra) : body;
  };

  return {
    provider,
    modelId,
    async doChat(request, { signal, headers }): Promise<TransportResponse> {
      try {
        const body = buildBody(request);
        // Sent directly, the reply is what the SDK would return: it checks no field of it either (fromChatCompletion does).
        const { data, headers: replyHeaders } = direct
          ? ((await direct.json(body, signal, headers)) as { data: OpenAI.Chat.Completions.ChatCompletion; headers: Headers })
          : // Through the SDK, the call gets a signal of its own that follows the caller's: the SDK adds an
            // abort listener to the signal it is given and never removes it, which would leave one per
            // call on a signal shared by many. Ours goes once the reply is read or the call failed.
            await withLinkedSignal(signal, async (own) => {
              const { data, response } = await client.chat.completions.create(body, { ...(own ? { signal: own } : {}), ...(headers ? { headers } : {}) }).withResponse();
              return { data, headers: response.headers };
            });
        const out = fromChatCompletion(data, ctx);
        const requestId = replyHeaders.get('x-request-id');
        if (requestId) out.requestId = requestId;
        if (settings.mapUsage && data.usage) out.usage = settings.mapUsage(data.usage, ctx, data);
        const extra = settings.completionMetadata?.(data, replyHeaders, ctx);
        if (extra) out.providerMetadata = { ...out.providerMetadata, ...extra };
        return out;
      } catch (err) {
        throw mapError(err);
      }
    },
    doStream(request, { signal, headers }) {
      // The SDK builds, authenticates and sends the request and throws its errors for non-2xx
      // replies; the body is read here (see ServerSentEventParts), not through the SDK's stream.
      const open = () => {
        const body = { ...buildBody(request), stream: true as const, stream_options: { include_usage: true } };
        if (direct) return direct.open(body, signal, headers);
        return client.chat.completions.create(body, { ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) }).asResponse();
      };
      return new ServerSentEventParts(open, new ChatCompletionSink(ctx, settings, settings.streamMetadata), mapError, signal);
    },
  };
}

/** A ChatModel on an OpenAI-compatible transport. */
export function createOpenAICompatibleChatModel(settings: OpenAICompatibleSettings): ChatModel {
  return createChatModel(createOpenAICompatibleTransport(settings));
}
