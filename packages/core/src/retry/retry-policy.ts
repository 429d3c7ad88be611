import type { RetrySettings } from '../model/index.js';
import type { BackoffPolicy } from './backoff.js';

/**
 * How a call is retried: the `RetrySettings` a call can override, with the backoff shape.
 */
export interface RetryPolicy extends RetrySettings, BackoffPolicy {}

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
