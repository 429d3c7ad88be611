import { LLMError, toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, CompletionRequest, CompletionResponse } from '@llm/schema';
import type { CallOptions, ChatModel } from './chat-model.js';
import { ChatStream } from './chat-stream.js';
import { completionToChat, toTransportRequest, validateChatRequest } from './request-normalizer.js';
import { buildResponse, StreamAssembler } from './response-assembler.js';
import type { ChatTransport, TransportCallOptions } from './transport.js';

export type ChatFn = <TOutput = undefined>(request: ChatRequest<TOutput>, options?: CallOptions) => Promise<ChatResponse<TOutput>>;
export type StreamChatFn = <TOutput = undefined>(request: ChatRequest<TOutput>, options?: CallOptions) => ChatStream<TOutput>;

/** A stream that fails at once with `error` when read. */
export function failedStream<TOutput>(error: unknown, provider: string, modelId: string): ChatStream<TOutput> {
  return new ChatStream<TOutput>(
    () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
    }),
    { provider, modelId },
  );
}

/** Builds a ChatModel (and so an LLM) from its two chat operations: `complete` is a one-turn chat. */
export function chatModelFrom(parts: { provider: string; modelId: string; chat: ChatFn; streamChat: StreamChatFn }): ChatModel {
  const { provider, modelId, chat, streamChat } = parts;
  return {
    provider,
    modelId,
    chat,
    streamChat,
    complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResponse> {
      let chatRequest: ChatRequest;
      try {
        chatRequest = completionToChat(request);
      } catch (err) {
        return Promise.reject(toLLMError(err, { provider, model: modelId }));
      }
      return chat(chatRequest, options);
    },
    streamComplete(request: CompletionRequest, options?: CallOptions): ChatStream<undefined> {
      let chatRequest: ChatRequest;
      try {
        chatRequest = completionToChat(request);
      } catch (err) {
        return failedStream(toLLMError(err, { provider, model: modelId }), provider, modelId);
      }
      return streamChat(chatRequest, options);
    },
  };
}

/**
 * Composes a provider's transport into a ChatModel: requests are validated where they enter,
 * tools and output schemas become JSON Schema, tool calls and structured output come back
 * parsed and validated, streams are assembled, and every failure is an LLMError.
 */
export function createChatModel(transport: ChatTransport): ChatModel {
  const provider = transport.provider;
  const modelId = transport.modelId;
  const ctx = { provider, model: modelId };

  const chat: ChatFn = async <TOutput = undefined>(request: ChatRequest<TOutput>, options: CallOptions = {}) => {
    const valid = validateChatRequest(request);
    const { signal, headers } = options;
    if (signal?.aborted) throw new LLMError({ code: 'canceled', message: 'the call was canceled before it started', ...ctx, local: true });
    let reply;
    try {
      // A shared never-aborted signal would collect the SDKs' listeners: pass none when the caller gave none.
      const callOptions: TransportCallOptions = {};
      if (signal) callOptions.signal = signal;
      if (headers) callOptions.headers = headers;
      reply = await transport.doChat(toTransportRequest(valid), callOptions);
    } catch (err) {
      if (signal?.aborted) throw new LLMError({ code: 'canceled', message: 'the call was canceled', ...ctx, cause: err, local: true });
      throw toLLMError(err, ctx);
    }
    return buildResponse(reply, valid, ctx);
  };

  const streamChat: StreamChatFn = <TOutput = undefined>(request: ChatRequest<TOutput>, options: CallOptions = {}) =>
    new ChatStream<TOutput>(
      (signal) => {
        const valid = validateChatRequest(request);
        const { headers, onActivity } = options;
        const transportOptions: TransportCallOptions = { signal };
        if (headers) transportOptions.headers = headers;
        if (onActivity) transportOptions.onActivity = onActivity;
        const parts = transport.doStream(toTransportRequest(valid), transportOptions);
        return new StreamAssembler(parts, valid, ctx, onActivity);
      },
      { provider, modelId, signal: options.signal },
    );

  return chatModelFrom({ provider, modelId, chat, streamChat });
}
