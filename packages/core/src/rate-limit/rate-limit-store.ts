/** The limits of one rate-limit key (a provider and model, by default). Absent limits are not enforced. */
export interface RateLimitRules {
  /** Requests per window. */
  requests?: number;
  /** Tokens (prompt plus max output, estimated, then reconciled) per window. */
  tokens?: number;
  /** The window of `requests` and `tokens`, in ms (60 000 for the per-minute config). */
  windowMs: number;
  /** Calls in flight at once. */
  maxConcurrent?: number;
}

export interface RateLimitAcquireRequest {
  key: string;
  /** Tokens to reserve for this call. */
  tokens: number;
  rules: RateLimitRules;
  /** How long the reservation's concurrency slot lives unless extended: a crashed caller's slot frees itself. */
  leaseMs: number;
}

/** A granted reservation. Give it back with `release`; extend it with `extend` while the call runs. */
export interface RateLimitLease {
  id: string;
  key: string;
  tokens: number;
  /** The store's clock when it was granted (ms since the epoch; Redis' clock for the Redis store). */
  grantedAt: number;
  expiresAt: number;
}

export type RateLimitDenialReason = 'requests' | 'tokens' | 'concurrency' | 'paused';

export type RateLimitAcquireResult =
  | { granted: true; lease: RateLimitLease }
  | {
      granted: false;
      /** How long until it could be granted; for `concurrency`, until the oldest lease expires (a release may come sooner). */
      waitMs: number;
      reason: RateLimitDenialReason;
    };

export interface RateLimitReleaseOutcome {
  /** Tokens the call really used: the reservation is refunded or charged the difference. */
  actualTokens?: number;
  /** `false` when the call was never sent: the request and its tokens are refunded entirely. */
  sent?: boolean;
}

/** What the vendor said about the caller's remaining capacity, from a 429 or a reply's rate-limit headers. */
export interface RateLimitFeedback {
  /** Send nothing for this long (a 429's retry-after, or an exhausted window's reset). */
  pauseMs?: number;
  requests?: { remaining: number; resetMs: number };
  tokens?: { remaining: number; resetMs: number };
}

/**
 * Where rate-limit state lives. The in-memory store (the default) serves one process; the Redis
 * store in @llm/redis shares the same limits between processes, atomically. Every method is
 * atomic per key.
 */
export interface RateLimitStore {
  tryAcquire(request: RateLimitAcquireRequest): Promise<RateLimitAcquireResult>;
  /** Pushes a live lease's expiry to `leaseMs` from now (a long call's heartbeat). */
  extend(lease: RateLimitLease, leaseMs: number): Promise<void>;
  /** Frees the concurrency slot and reconciles the reserved tokens with what was really used. */
  release(lease: RateLimitLease, outcome?: RateLimitReleaseOutcome): Promise<void>;
  /** Slows the key down to what the vendor says is left. */
  tighten(key: string, rules: RateLimitRules, feedback: RateLimitFeedback): Promise<void>;
}
