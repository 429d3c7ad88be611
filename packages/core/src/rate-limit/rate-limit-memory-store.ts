import { randomUUID } from 'node:crypto';
import type {
  RateLimitAcquireRequest,
  RateLimitAcquireResult,
  RateLimitFeedback,
  RateLimitLease,
  RateLimitReleaseOutcome,
  RateLimitRules,
  RateLimitStore,
} from './rate-limit-store.js';
import { WindowTokenBucket } from './token-bucket.js';

interface KeyState {
  requests?: WindowTokenBucket;
  tokens?: WindowTokenBucket;
  /** Live leases: id → expiry. */
  leases: Map<string, number>;
  pausedUntil: number;
}

export interface InMemoryRateLimitStoreOptions {
  /** The clock, ms since the epoch (tests). */
  now?: () => number;
}

/** Rate-limit state for one process: the default store. */
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly keys = new Map<string, KeyState>();
  private readonly now: () => number;

  constructor(options: InMemoryRateLimitStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  private state(key: string, rules: RateLimitRules | undefined): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { leases: new Map(), pausedUntil: 0 };
      this.keys.set(key, state);
    }
    if (rules) {
      if (rules.requests !== undefined) {
        const rule = { limit: rules.requests, windowMs: rules.windowMs };
        if (state.requests) state.requests.setRule(rule);
        else state.requests = new WindowTokenBucket(rule);
      }
      if (rules.tokens !== undefined) {
        const rule = { limit: rules.tokens, windowMs: rules.windowMs };
        if (state.tokens) state.tokens.setRule(rule);
        else state.tokens = new WindowTokenBucket(rule);
      }
    }
    return state;
  }

  async tryAcquire(request: RateLimitAcquireRequest): Promise<RateLimitAcquireResult> {
    const { key, rules, tokens, leaseMs } = request;
    const now = this.now();
    const state = this.state(key, rules);
    for (const [id, expiresAt] of state.leases) if (expiresAt <= now) state.leases.delete(id);
    if (state.pausedUntil > now) return { granted: false, waitMs: state.pausedUntil - now, reason: 'paused' };
    if (rules.maxConcurrent !== undefined && state.leases.size >= rules.maxConcurrent) {
      return { granted: false, waitMs: Math.max(1, Math.min(...state.leases.values()) - now), reason: 'concurrency' };
    }
    const requestWait = rules.requests !== undefined && state.requests ? state.requests.waitMs(1, now) : 0;
    const tokenWait = rules.tokens !== undefined && state.tokens ? state.tokens.waitMs(tokens, now) : 0;
    if (requestWait > 0 || tokenWait > 0) {
      return requestWait >= tokenWait
        ? { granted: false, waitMs: requestWait, reason: 'requests' }
        : { granted: false, waitMs: tokenWait, reason: 'tokens' };
    }
    const id = randomUUID();
    if (rules.requests !== undefined) state.requests?.take(1, now, id);
    if (rules.tokens !== undefined) state.tokens?.take(tokens, now, id);
    const expiresAt = now + leaseMs;
    state.leases.set(id, expiresAt);
    return { granted: true, lease: { id, key, tokens, grantedAt: now, expiresAt } };
  }

  async extend(lease: RateLimitLease, leaseMs: number): Promise<void> {
    const state = this.keys.get(lease.key);
    if (state?.leases.has(lease.id)) state.leases.set(lease.id, this.now() + leaseMs);
  }

  async release(lease: RateLimitLease, outcome: RateLimitReleaseOutcome = {}): Promise<void> {
    const state = this.keys.get(lease.key);
    if (!state) return;
    state.leases.delete(lease.id);
    if (outcome.sent === false) {
      state.requests?.remove(lease.id);
      state.tokens?.remove(lease.id);
    } else if (outcome.actualTokens !== undefined) {
      state.tokens?.adjust(lease.id, outcome.actualTokens);
    }
  }

  async tighten(key: string, rules: RateLimitRules, feedback: RateLimitFeedback): Promise<void> {
    const now = this.now();
    const state = this.state(key, rules);
    const pause = (ms: number) => {
      state.pausedUntil = Math.max(state.pausedUntil, now + ms);
    };
    if (feedback.pauseMs !== undefined && feedback.pauseMs > 0) pause(feedback.pauseMs);
    for (const kind of ['requests', 'tokens'] as const) {
      const window = feedback[kind];
      if (!window) continue;
      if (window.remaining <= 0) pause(window.resetMs);
      else state[kind]?.tighten(window.remaining, window.resetMs, now, `vendor-${randomUUID()}`);
    }
  }
}
