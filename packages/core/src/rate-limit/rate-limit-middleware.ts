import { LLMError, toLLMError } from '@llm/errors';
import type { MetricsRecorder } from '@llm/metrics';
import type { ChatRequest, ChatResponse } from '@llm/schema';
import { type ChatModel, ChatStream } from '../model/index.js';
import type { ClientConfig } from '../config/index.js';
import { safely, wrapChatModel, type Middleware } from '../middleware/index.js';
import { estimateRequestTokens, type TokenEstimator } from './rate-limit-estimate.js';
import { rateLimitFeedback } from './rate-limit-feedback.js';
import type { RateLimitRules, RateLimitStore } from './rate-limit-store.js';
import { RateLimiter, type RateLimitPermit } from './rate-limiter.js';

export interface RateLimitMiddlewareOptions {
  /** Requests per window. */
  requests?: number;
  /** Tokens per window (reserved from `estimateTokens`, reconciled with the real usage). */
  tokens?: number;
  /** The window of `requests` and `tokens`: 60 000 ms (per minute) by default. */
  windowMs?: number;
  /** Calls in flight at once. */
  maxConcurrent?: number;
  /** Waiting callers per key beyond which a call fails at once with `rate_limited`. */
  maxQueueSize?: number;
  /** Longest wait, ms, before a call fails with `rate_limited`. */
  maxWaitMs?: number;
  /** Lease of a reservation, renewed while the call runs (default 60 s). */
  leaseMs?: number;
  /** Longest sleep before asking a shared store again (default 250 ms). */
  pollMs?: number;
  /** In-memory by default; `createRedisStores(...).rateLimit` shares the limits between processes. */
  store?: RateLimitStore;
  /** Tokens a request will use, before it is sent: characters/4 plus max output by default. */
  estimateTokens?: TokenEstimator;
  /** The limiter key of a call: `provider:model` by default (add a tenant or API key to split further). */
  key?: (model: ChatModel, request: ChatRequest<unknown>) => string;
  metrics?: MetricsRecorder;
  /** Use this limiter (and its queues) instead of building one; the rule options above are then ignored. */
  limiter?: RateLimiter;
}

/** The middleware options a client config asks for, or undefined when it sets no limit. */
export function rateLimitOptionsFromConfig(config: Pick<ClientConfig, 'rateLimit'>): RateLimitMiddlewareOptions | undefined {
  const { requestsPerMinute, tokensPerMinute, maxConcurrentCalls, maxQueueSize, maxWait } = config.rateLimit;
  if (requestsPerMinute === undefined && tokensPerMinute === undefined && maxConcurrentCalls === undefined) return undefined;
  const options: RateLimitMiddlewareOptions = { windowMs: 60_000 };
  if (requestsPerMinute !== undefined) options.requests = requestsPerMinute;
  if (tokensPerMinute !== undefined) options.tokens = tokensPerMinute;
  if (maxConcurrentCalls !== undefined) options.maxConcurrent = maxConcurrentCalls;
  if (maxQueueSize !== undefined) options.maxQueueSize = maxQueueSize;
  if (maxWait !== undefined) options.maxWaitMs = maxWait;
  return options;
}

function rulesFrom(options: RateLimitMiddlewareOptions): RateLimitRules {
  const rules: RateLimitRules = { windowMs: options.windowMs ?? 60_000 };
  const check = (name: string, value: number | undefined, integer: boolean) => {
    if (value === undefined) return;
    if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      throw new LLMError({ code: 'configuration', message: `rate limit ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}` });
    }
  };
  check('requests', options.requests, false);
  check('tokens', options.tokens, false);
  check('windowMs', options.windowMs, false);
  check('maxConcurrent', options.maxConcurrent, true);
  if (options.requests !== undefined) rules.requests = options.requests;
  if (options.tokens !== undefined) rules.tokens = options.tokens;
  if (options.maxConcurrent !== undefined) rules.maxConcurrent = options.maxConcurrent;
  return rules;
}

function usedTokens(response: ChatResponse<unknown>): number | undefined {
  // A vendor that sent no usage reports zeros: keep the estimate then.
  return response.usage.totalTokens > 0 ? response.usage.totalTokens : undefined;
}

/**
 * Rate limits per key (provider and model by default): requests and tokens per window and calls
 * in flight. Callers queue fairly rather than fail; a 429 or the vendor's rate-limit headers
 * tighten the limiter so the next calls slow down before they fail.
 */
export function rateLimitMiddleware(options: RateLimitMiddlewareOptions): Middleware {
  const limiter =
    options.limiter ??
    new RateLimiter({
      rules: rulesFrom(options),
      ...(options.store ? { store: options.store } : {}),
      ...(options.maxQueueSize !== undefined ? { maxQueueSize: options.maxQueueSize } : {}),
      ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    });
  const estimate = options.estimateTokens ?? estimateRequestTokens;
  const keyOf = options.key ?? ((model: ChatModel) => `${model.provider}:${model.modelId}`);
  const { metrics } = options;

  return (model) => {
    const ctx = { provider: model.provider, model: model.modelId };
    const attrs = { provider: model.provider, requestModel: model.modelId };
    const learn = (key: string, outcome: unknown) => {
      // What the vendor said about its limits is a hint: reading it never fails the call.
      safely(() => {
        const feedback = rateLimitFeedback(outcome);
        if (feedback) void limiter.feedback(key, feedback).catch(() => {});
      });
    };
    const acquire = async (request: ChatRequest<unknown>, signal: AbortSignal | undefined): Promise<{ key: string; permit: RateLimitPermit }> => {
      const key = keyOf(model, request);
      let tokens: number;
      try {
        tokens = Math.max(0, Math.ceil(estimate(request)));
      } catch (err) {
        throw toLLMError(err, ctx);
      }
      const permit = await limiter.acquire(key, tokens, { signal, ...ctx });
      metrics?.rateLimitWait(attrs, permit.waitedMs);
      return { key, permit };
    };
    const release = (permit: RateLimitPermit, actualTokens?: number) => {
      void permit.release(actualTokens === undefined ? {} : { actualTokens }).catch(() => {});
    };

    return wrapChatModel(model, {
      async chat(request, callOptions, next) {
        const { key, permit } = await acquire(request, callOptions.signal);
        let response;
        try {
          response = await next.chat(request, callOptions);
        } catch (err) {
          learn(key, err);
          release(permit);
          throw err;
        }
        release(permit, usedTokens(response));
        learn(key, response);
        return response;
      },
      streamChat<TOutput>(request: ChatRequest<TOutput>, callOptions: Parameters<ChatModel['chat']>[1], next: ChatModel) {
        return new ChatStream<TOutput>(
          async function* limited(signal) {
            const { key, permit } = await acquire(request, signal);
            let actual: number | undefined;
            try {
              const inner = next.streamChat(request, { ...callOptions, signal });
              for await (const event of inner) {
                if (event.type === 'finish') {
                  actual = usedTokens(event.response);
                  learn(key, event.response);
                }
                yield event;
              }
            } catch (err) {
              learn(key, err);
              throw err;
            } finally {
              release(permit, actual);
            }
          },
          { provider: model.provider, modelId: model.modelId, signal: callOptions?.signal },
        );
      },
    });
  };
}
