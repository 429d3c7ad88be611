import { LLMError, type RateLimitState, type RateLimitWindow } from '@llm/errors';
import type { ChatResponse } from '@llm/schema';
import type { RateLimitFeedback } from './rate-limit-store.js';

/** How long a 429 pauses the key when the vendor gave no retry-after or reset. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 1000;

function isWindow(value: unknown): value is RateLimitWindow {
  return typeof value === 'object' && value !== null;
}

function isRateLimitState(value: unknown): value is RateLimitState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isWindow(v.requests) && isWindow(v.tokens);
}

function windowFeedback(w: RateLimitWindow | undefined): { remaining: number; resetMs: number } | undefined {
  if (!w || w.remaining === undefined || w.resetMs === undefined) return undefined;
  if (!Number.isFinite(w.remaining) || !Number.isFinite(w.resetMs)) return undefined;
  return { remaining: w.remaining, resetMs: w.resetMs };
}

function fromState(state: RateLimitState, feedback: RateLimitFeedback): RateLimitFeedback {
  const requests = windowFeedback(state.requests);
  const tokens = windowFeedback(state.tokens);
  if (requests) feedback.requests = requests;
  if (tokens) feedback.tokens = tokens;
  return feedback;
}

/**
 * The one place that reads what a vendor said about rate limits, from either outcome of a call:
 * - a `rate_limited` LLMError (a 429): pause for its `retryAfterMs`, else until the exhausted
 *   window of `details.rateLimit` resets, else {@link DEFAULT_RATE_LIMIT_PAUSE_MS}; and take its
 *   remaining/reset figures;
 * - a successful response whose `providerMetadata.<vendor>.rateLimit` holds the parsed
 *   `x-ratelimit-*` / `anthropic-ratelimit-*` state (Groq): its remaining/reset figures.
 * Returns undefined when there is nothing to learn.
 */
export function rateLimitFeedback(outcome: unknown): RateLimitFeedback | undefined {
  if (LLMError.is(outcome)) {
    if (outcome.code !== 'rate_limited') return undefined;
    const state = outcome.details?.rateLimit;
    const feedback: RateLimitFeedback = {};
    if (isRateLimitState(state)) fromState(state, feedback);
    const exhausted = [feedback.requests, feedback.tokens].filter((w) => w !== undefined && w.remaining <= 0).map((w) => w!.resetMs);
    feedback.pauseMs = outcome.retryAfterMs ?? (exhausted.length > 0 ? Math.max(...exhausted) : DEFAULT_RATE_LIMIT_PAUSE_MS);
    return feedback;
  }
  if (typeof outcome !== 'object' || outcome === null) return undefined;
  const metadata = (outcome as Partial<ChatResponse<unknown>>).providerMetadata;
  if (!metadata) return undefined;
  for (const vendor of Object.values(metadata)) {
    if (typeof vendor !== 'object' || vendor === null) continue;
    const state = (vendor as Record<string, unknown>).rateLimit;
    if (isRateLimitState(state)) {
      const feedback = fromState(state, {});
      return feedback.requests || feedback.tokens ? feedback : undefined;
    }
  }
  return undefined;
}
