import { getHeader, type HeadersLike } from './http-headers.js';

export interface RateLimitWindow {
  limit?: number;
  remaining?: number;
  /** Milliseconds from now until the window resets. */
  resetMs?: number;
}

/** What the vendor's rate-limit headers say about the caller's remaining capacity. */
export interface RateLimitState {
  requests: RateLimitWindow;
  tokens: RateLimitWindow;
}

/**
 * Parses a duration as OpenAI and Groq send it (`1s`, `6m0s`, `20ms`, `1h2m3.5s`, `0.5`),
 * returning milliseconds.
 */
export function parseDurationHeader(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = false;
  let consumed = 0;
  for (const m of trimmed.matchAll(re)) {
    matched = true;
    consumed += m[0].length;
    const n = Number(m[1]);
    switch (m[2]) {
      case 'h': total += n * 3_600_000; break;
      case 'm': total += n * 60_000; break;
      case 's': total += n * 1000; break;
      case 'ms': total += n; break;
    }
  }
  return matched && consumed === trimmed.length ? Math.round(total) : undefined;
}

/** An absolute reset time (RFC 3339, as Anthropic sends; or epoch seconds/ms, as OpenRouter sends) in ms from now. */
function parseResetInstant(value: string, now: number): number | undefined {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    const ms = n > 1e12 ? n : n * 1000;
    return Math.max(0, ms - now);
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function window(headers: HeadersLike, kind: 'requests' | 'tokens', now: number): RateLimitWindow {
  const w: RateLimitWindow = {};
  // OpenAI / Groq: x-ratelimit-limit-requests, x-ratelimit-remaining-tokens, x-ratelimit-reset-requests: "6m0s"
  const limit = num(getHeader(headers, `x-ratelimit-limit-${kind}`)) ?? num(getHeader(headers, `anthropic-ratelimit-${kind}-limit`));
  const remaining =
    num(getHeader(headers, `x-ratelimit-remaining-${kind}`)) ?? num(getHeader(headers, `anthropic-ratelimit-${kind}-remaining`));
  const resetDuration = getHeader(headers, `x-ratelimit-reset-${kind}`);
  const resetInstant = getHeader(headers, `anthropic-ratelimit-${kind}-reset`);
  if (limit !== undefined) w.limit = limit;
  if (remaining !== undefined) w.remaining = remaining;
  const resetMs =
    resetDuration !== undefined ? parseDurationHeader(resetDuration) : resetInstant !== undefined ? parseResetInstant(resetInstant, now) : undefined;
  if (resetMs !== undefined) w.resetMs = resetMs;
  return w;
}

export function parseRateLimitHeaders(headers: HeadersLike | undefined, now: number = Date.now()): RateLimitState | undefined {
  if (!headers) return undefined;
  const state: RateLimitState = { requests: window(headers, 'requests', now), tokens: window(headers, 'tokens', now) };
  // OpenRouter: x-ratelimit-limit / -remaining / -reset (epoch ms), for requests.
  if (state.requests.limit === undefined) {
    const limit = num(getHeader(headers, 'x-ratelimit-limit'));
    const remaining = num(getHeader(headers, 'x-ratelimit-remaining'));
    const reset = getHeader(headers, 'x-ratelimit-reset');
    if (limit !== undefined) state.requests.limit = limit;
    if (remaining !== undefined) state.requests.remaining = remaining;
    if (reset !== undefined) {
      const ms = parseResetInstant(reset, now);
      if (ms !== undefined) state.requests.resetMs = ms;
    }
  }
  const empty = (w: RateLimitWindow) => w.limit === undefined && w.remaining === undefined && w.resetMs === undefined;
  return empty(state.requests) && empty(state.tokens) ? undefined : state;
}

/**
 * How long to wait before the next attempt, from `retry-after-ms`, `retry-after`
 * (seconds or an HTTP date) and, failing those, the reset header of an exhausted window.
 */
export function parseRetryAfter(headers: HeadersLike | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = num(getHeader(headers, 'retry-after-ms'));
  if (ms !== undefined && ms >= 0) return ms;
  const ra = getHeader(headers, 'retry-after');
  if (ra !== undefined) {
    const seconds = num(ra);
    if (seconds !== undefined && seconds >= 0) return seconds * 1000;
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const state = parseRateLimitHeaders(headers, now);
  if (!state) return undefined;
  const exhausted = [state.requests, state.tokens].filter((w) => w.remaining === 0 && w.resetMs !== undefined);
  const candidates = exhausted.length > 0 ? exhausted : [];
  if (candidates.length === 0) return undefined;
  return Math.max(...candidates.map((w) => w.resetMs ?? 0));
}
