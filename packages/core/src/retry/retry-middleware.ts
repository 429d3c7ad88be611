import { toLLMError, type LLMError, type LLMErrorJSON } from '@llm/errors';
import type { MetricsRecorder } from '@llm/metrics';
import { noteRetry } from '@llm/tracing';
import { backoffDelay } from './backoff.js';
import { systemClock, type Clock } from './backoff-clock.js';
import { type Middleware, wrapChatModel } from '../middleware/index.js';
import { DEFAULT_RETRY_POLICY, mergeRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { attemptStream } from './retry-stream.js';

/** One retry about to be made. */
export interface RetryEvent {
  provider: string;
  model: string;
  /** The attempt about to start (2 for the first retry). */
  attempt: number;
  /** What the previous attempt failed with. */
  error: LLMError;
  /** How long the middleware waits before it (ms). */
  delayMs: number;
}

export interface RetryMiddlewareOptions {
  /** Defaults to {@link DEFAULT_RETRY_POLICY}; a call can override fields with `CallOptions.retry`. */
  policy?: Partial<RetryPolicy>;
  /**
   * Which errors are retried; default: `error.retryable` (rate_limited, overloaded, timeout, network,
   * a vendor's provider_error) unless the library refused the call itself (`error.local`: a full
   * rate-limit queue, a spent budget, a store of its own that failed), which goes to the caller
   * with its `retryAfterMs` instead of queueing again.
   */
  retryOn?: (error: LLMError) => boolean;
  /** Time source and waits (tests inject a virtual clock). */
  clock?: Clock;
  /** [0, 1) for the jitter; `Math.random` by default. */
  random?: () => number;
  metrics?: MetricsRecorder;
  onRetry?: (event: RetryEvent) => void;
}

const defaultRetryOn = (error: LLMError): boolean => error.retryable && !error.local && error.code !== 'canceled';

/** The error a call ends with: the last attempt's, saying how many were made and carrying each one's error. */
export function retryExhaustedError(errors: readonly LLMError[], reason?: string): LLMError {
  const last = errors[errors.length - 1]!;
  if (errors.length === 1 && reason === undefined) return last;
  const attempts: LLMErrorJSON[] = errors.map((e) => e.toJSON());
  const why = reason ? ` (${reason})` : '';
  const count = `${errors.length} attempt${errors.length === 1 ? '' : 's'}`;
  return last.with({
    message: `failed after ${count}${why}: ${last.message}`,
    details: { ...last.details, attempts },
    cause: last,
  });
}

/**
 * Retries calls that failed with a retryable error, with exponential backoff and full jitter,
 * honouring the vendor's `retry-after` (within the max total time). A stream is retried only if
 * it failed before its first event reached the caller. Aborting stops a wait at once (`canceled`).
 */
export function retryMiddleware(options: RetryMiddlewareOptions = {}): Middleware {
  const base = mergeRetryPolicy(DEFAULT_RETRY_POLICY, options.policy);
  const retryOn = options.retryOn ?? defaultRetryOn;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const { metrics, onRetry } = options;

  return (model) => {
    const ctx = { provider: model.provider, model: model.modelId };

    /**
     * Decides about a failed attempt: resolves after the wait before the next attempt, or throws
     * the error the call ends with.
     */
    const afterFailure = async (policy: RetryPolicy, startedAt: number, errors: LLMError[], signal: AbortSignal | undefined): Promise<void> => {
      const error = errors[errors.length - 1]!;
      const attempt = errors.length;
      if (!retryOn(error) || signal?.aborted) throw retryExhaustedError(errors);
      if (attempt > policy.maxRetries) throw retryExhaustedError(errors);
      const backoff = backoffDelay(attempt, policy, random);
      const delayMs = error.retryAfterMs !== undefined ? Math.max(error.retryAfterMs, 0) : backoff;
      const elapsed = clock.now() - startedAt;
      if (elapsed + delayMs > policy.maxTotalTime) {
        throw retryExhaustedError(errors, `the next try, in ${delayMs}ms, would pass the max total time of ${policy.maxTotalTime}ms`);
      }
      metrics?.retry({ provider: ctx.provider, requestModel: ctx.model }, attempt + 1, error.code);
      // An `llm.retry` event on the call's inference span (when tracing sits outside retry).
      noteRetry({ attempt: attempt + 1, error, delayMs });
      onRetry?.({ ...ctx, attempt: attempt + 1, error, delayMs });
      try {
        await clock.sleep(delayMs, signal);
      } catch (err) {
        const canceled = toLLMError(err, ctx);
        throw canceled.with({
          message: `${canceled.message} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
          details: { ...canceled.details, attempts: errors.map((e) => e.toJSON()) },
        });
      }
    };

    return wrapChatModel(model, {
      async chat(request, callOptions, next) {
        const policy = mergeRetryPolicy(base, callOptions.retry);
        if (policy.maxRetries <= 0) return next.chat(request, callOptions);
        const startedAt = clock.now();
        const errors: LLMError[] = [];
        for (;;) {
          try {
            return await next.chat(request, callOptions);
          } catch (err) {
            errors.push(toLLMError(err, ctx));
            await afterFailure(policy, startedAt, errors, callOptions.signal);
          }
        }
      },
      streamChat(request, callOptions, next) {
        const policy = mergeRetryPolicy(base, callOptions.retry);
        if (policy.maxRetries <= 0) return next.streamChat(request, callOptions);
        let startedAt = 0;
        const errors: LLMError[] = [];
        return attemptStream({
          provider: model.provider,
          modelId: model.modelId,
          signal: callOptions.signal,
          // Each attempt is made with the caller's own signal (the stream passes its abort on).
          open: (attempt) => {
            if (attempt === 1) startedAt = clock.now();
            return next.streamChat(request, callOptions);
          },
          onFailure: (error, _attempt, signal) => {
            errors.push(error);
            return afterFailure(policy, startedAt, errors, signal);
          },
        });
      },
    });
  };
}
