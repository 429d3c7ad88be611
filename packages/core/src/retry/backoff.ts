/** The shape of exponential backoff: delays grow from `initialDelay` by `multiplier` up to `maxDelay` (all ms). */
export interface BackoffPolicy {
  initialDelay: number;
  multiplier: number;
  maxDelay: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry), with full jitter: a uniform
 * random time between 0 and `min(maxDelay, initialDelay * multiplier^(retry-1))`.
 * `random` returns a number in [0, 1), as `Math.random` does.
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = policy.initialDelay * Math.pow(policy.multiplier, Math.max(0, retry - 1));
  const ceiling = Math.min(policy.maxDelay, Number.isFinite(exp) ? exp : policy.maxDelay);
  return Math.floor(Math.max(0, ceiling) * Math.min(1, Math.max(0, random())));
}
