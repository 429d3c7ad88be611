import { toLLMError } from '@llm/errors';
import type { MetricsRecorder } from '@llm/metrics';
import type { ChatRequest, ChatResponse, StreamEvent, Usage } from '@llm/schema';
import type { z } from 'zod';
import { type CallOptions, type ChatModel, ChatStream, parseStructuredOutput } from '../model/index.js';
import type { ClientConfig } from '../config/index.js';
import { InMemoryCacheStore } from './cache-memory-store.js';
import type { CacheStore, CachedReply } from './cache-store.js';
import { safely, wrapChatModel, type Middleware } from '../middleware/index.js';
import { hashChatRequest } from './request-hash.js';

export interface CacheMiddlewareOptions {
  /** In-memory LRU by default; `createRedisStores(...).cache` shares it between processes. */
  store?: CacheStore;
  /** How long an entry lives, ms (default one hour). */
  ttlMs?: number;
  /** Size of the default in-memory store (default 1000 entries). */
  maxEntries?: number;
  /**
   * Cache requests whose temperature is not 0 too. Off by default: such replies are meant to
   * vary, and a request that sets no temperature gets the vendor's default (not 0).
   */
  cacheNonZeroTemperature?: boolean;
  /** Decides per request, over the temperature rule. */
  shouldCache?: (request: ChatRequest<unknown>) => boolean;
  metrics?: MetricsRecorder;
  /**
   * The store failed (a Redis store that cannot be reached). The call never fails for it: a
   * lookup that fails is a miss, an entry that cannot be kept is dropped. The client passes its
   * logger's `warn`.
   */
  onStoreError?: (error: unknown) => void;
}

/** The middleware options a client config asks for, or undefined when the cache is off. */
export function cacheOptionsFromConfig(config: Pick<ClientConfig, 'cache'>): CacheMiddlewareOptions | undefined {
  const { enabled, ttl, maxEntries, cacheNonZeroTemperature } = config.cache;
  return enabled ? { ttlMs: ttl, maxEntries, cacheNonZeroTemperature } : undefined;
}

const CACHEABLE_FINISH = new Set(['stop', 'length', 'tool_calls']);

/** A cached reply costs nothing: no cost, and `cached: true` tells usage accounting to count no tokens. */
function servedFromCache<TOutput>(stored: CachedReply, request: ChatRequest<TOutput>, provider: string): ChatResponse<TOutput> {
  const { cost: _cost, ...usage } = stored.response.usage;
  const response = { ...stored.response, usage: usage as Usage, cached: true } as ChatResponse<TOutput>;
  response.object = (request.output
    ? parseStructuredOutput(response.text, request.output as z.ZodType<TOutput>, { provider, model: response.model })
    : undefined) as TOutput;
  return response;
}

function toStore(response: ChatResponse<unknown>, textDeltas?: string[]): CachedReply {
  const { object: _object, cached: _cached, ...rest } = response;
  const reply: CachedReply = { response: { ...rest, object: undefined } };
  if (textDeltas && textDeltas.length > 1) reply.textDeltas = textDeltas;
  return reply;
}

/** The events a stream of this reply would have carried, for a hit served as a stream. */
function* replay<TOutput>(stored: CachedReply, response: ChatResponse<TOutput>): Generator<StreamEvent<TOutput>> {
  if (response.reasoning) yield { type: 'reasoning-delta', text: response.reasoning };
  const deltas = stored.textDeltas ?? (response.text ? [response.text] : []);
  for (const text of deltas) yield { type: 'text-delta', text };
  for (let index = 0; index < response.toolCalls.length; index++) {
    const toolCall = response.toolCalls[index]!;
    yield { type: 'tool-call-delta', index, id: toolCall.id, name: toolCall.name, argumentsDelta: JSON.stringify(toolCall.arguments) };
    yield { type: 'tool-call', toolCall };
  }
  yield { type: 'usage', usage: response.usage };
  yield { type: 'finish', finishReason: response.finishReason, response };
}

/**
 * An exact-match response cache: the key is the sha256 of the normalised request (see
 * `hashChatRequest`); entries live `ttlMs` and the least recently used go first. A hit is marked
 * `cached: true` and carries no cost. A stream is served from the cache as a stream, and a
 * stream that finishes fills the cache.
 */
export function cacheMiddleware(options: CacheMiddlewareOptions = {}): Middleware {
  const store = options.store ?? new InMemoryCacheStore(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {});
  const ttlMs = options.ttlMs ?? 3_600_000;
  const { metrics } = options;
  const cacheable = (request: ChatRequest<unknown>): boolean =>
    options.shouldCache ? options.shouldCache(request) : options.cacheNonZeroTemperature === true || request.temperature === 0;
  const fill = (key: string, response: ChatResponse<unknown>, textDeltas?: string[]) => {
    if (response.cached || !CACHEABLE_FINISH.has(response.finishReason)) return;
    // A store that cannot keep it costs a future hit, never this reply.
    safely(() => {
      void store.set(key, toStore(response, textDeltas), ttlMs).catch((err: unknown) => safely(() => options.onStoreError?.(err)));
    });
  };

  return (model) => {
    const ctx = { provider: model.provider, model: model.modelId };
    const attrs = { provider: model.provider, requestModel: model.modelId };
    const lookup = async (request: ChatRequest<unknown>): Promise<{ key: string; hit: CachedReply | undefined }> => {
      let key: string;
      try {
        key = hashChatRequest(model.provider, model.modelId, request);
      } catch (err) {
        throw toLLMError(err, ctx);
      }
      let hit: CachedReply | undefined;
      try {
        hit = await store.get(key);
      } catch (err) {
        // A cache that cannot be read is a miss: the call goes to the vendor.
        safely(() => options.onStoreError?.(err));
      }
      safely(() => metrics?.cacheLookup(attrs, hit !== undefined));
      return { key, hit };
    };

    return wrapChatModel(model, {
      async chat(request, callOptions, next) {
        if (!cacheable(request)) return next.chat(request, callOptions);
        const { key, hit } = await lookup(request);
        if (hit) return servedFromCache(hit, request, model.provider);
        const response = await next.chat(request, callOptions);
        fill(key, response);
        return response;
      },
      streamChat<TOutput>(request: ChatRequest<TOutput>, callOptions: CallOptions, next: ChatModel) {
        if (!cacheable(request)) return next.streamChat(request, callOptions);
        return new ChatStream<TOutput>(
          async function* cachedStream(signal) {
            const { key, hit } = await lookup(request);
            if (hit) {
              yield* replay(hit, servedFromCache(hit, request, model.provider));
              return;
            }
            const textDeltas: string[] = [];
            for await (const event of next.streamChat(request, { ...callOptions, signal })) {
              if (event.type === 'text-delta') textDeltas.push(event.text);
              else if (event.type === 'finish') fill(key, event.response as ChatResponse<unknown>, textDeltas);
              yield event;
            }
          },
          { provider: model.provider, modelId: model.modelId, signal: callOptions.signal },
        );
      },
    });
  };
}
