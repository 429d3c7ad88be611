import type { BackoffPolicy } from './backoff.js';

/**
 * How a call is retried. The same fields as the `retry` config (durations in ms); a call can
 * override any of them with `CallOptions.retry`.
 */
export interface RetryPolicy extends BackoffPolicy {
  /** Attempts after the first (0: no retry). */
  maxRetries: number;
  /** Delay before the first retry, ms. */
  initialDelay: number;
  /** Growth of the delay per retry. */
  multiplier: number;
  /** Ceiling of one delay, ms. */
  maxDelay: number;
  /** Time from the first attempt after which no retry is started (nor waited for), ms. */
  maxTotalTime: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 2,
  initialDelay: 500,
  multiplier: 2,
  maxDelay: 30_000,
  maxTotalTime: 120_000,
});

/** The policy with a call's overrides applied (undefined fields do not override). */
export function mergeRetryPolicy(base: Readonly<RetryPolicy>, override: Partial<RetryPolicy> | undefined): RetryPolicy {
  if (!override) return base;
  const out: RetryPolicy = { ...base };
  for (const key of Object.keys(override) as Array<keyof RetryPolicy>) {
    const value = override[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
