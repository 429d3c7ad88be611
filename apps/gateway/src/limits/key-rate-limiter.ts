import { estimateRequestTokens, type ApiKeyRecord, type RateLimitLease, type RateLimitRules, type RateLimitStore } from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import { gatewayError } from '../http/gateway-error.js';

/** A call's hold on its key's limits: released once when the call ends. */
export interface KeyPermit {
  /** `actualTokens`: what the call really used (the reservation is reconciled); `sent: false`: it never reached a vendor (refunded). */
  release(outcome?: { actualTokens?: number; sent?: boolean }): void;
}

const NO_PERMIT: KeyPermit = Object.freeze({ release: () => undefined });
const WINDOW_MS = 60_000;

function noop(): void {}

export interface KeyRateLimiterOptions {
  /** A permit's lease: renewed while the call runs, freed by itself if this process dies. Default 60 s. */
  leaseMs?: number;
}

/**
 * Each key's requests and tokens per minute and calls in flight, in the shared rate-limit store
 * (memory, or Redis across replicas: sliding windows that never grant more than the limit in
 * any minute). A call over a limit is refused at once with 429, `retry-after-ms` and the
 * `x-ratelimit-*` headers, rather than queued.
 */
export class KeyRateLimiter {
  private readonly leaseMs: number;
  /** The leases of the calls in flight. */
  private readonly live = new Set<RateLimitLease>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: RateLimitStore,
    options: KeyRateLimiterOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  async acquire(key: ApiKeyRecord | undefined, request: ChatRequest<unknown>): Promise<KeyPermit> {
    const limits = key?.limits;
    if (!key || !limits || (limits.requestsPerMinute === undefined && limits.tokensPerMinute === undefined && limits.maxConcurrent === undefined)) return NO_PERMIT;
    const rules: RateLimitRules = { windowMs: WINDOW_MS };
    if (limits.requestsPerMinute !== undefined) rules.requests = limits.requestsPerMinute;
    if (limits.tokensPerMinute !== undefined) rules.tokens = limits.tokensPerMinute;
    if (limits.maxConcurrent !== undefined) rules.maxConcurrent = limits.maxConcurrent;
    const tokens = rules.tokens === undefined ? 0 : Math.min(estimateRequestTokens(request), rules.tokens);
    const result = await this.store.tryAcquire({ key: `key:${key.id}`, tokens, rules, leaseMs: this.leaseMs });
    if (!result.granted) {
      const { reason } = result;
      // A concurrency slot frees when a call ends, usually long before the oldest lease would lapse.
      const waitMs = Math.max(1, Math.ceil(reason === 'concurrency' ? Math.min(result.waitMs, 1000) : result.waitMs));
      const headers: Record<string, string> = {};
      if (rules.requests !== undefined) {
        headers['x-ratelimit-limit-requests'] = String(rules.requests);
        if (reason === 'requests') {
          headers['x-ratelimit-remaining-requests'] = '0';
          headers['x-ratelimit-reset-requests'] = `${waitMs}ms`;
        }
      }
      if (rules.tokens !== undefined) {
        headers['x-ratelimit-limit-tokens'] = String(rules.tokens);
        if (reason === 'tokens') {
          headers['x-ratelimit-remaining-tokens'] = '0';
          headers['x-ratelimit-reset-tokens'] = `${waitMs}ms`;
        }
      }
      const what =
        reason === 'requests'
          ? `${rules.requests} requests per minute`
          : reason === 'tokens'
            ? `${rules.tokens} tokens per minute`
            : reason === 'concurrency'
              ? `${rules.maxConcurrent} calls at once`
              : 'its limits';
      throw gatewayError('rate_limited', `key ${key.id} is over its limit of ${what}; retry in ${waitMs} ms`, {
        retryAfterMs: waitMs,
        details: { reason, headers },
      });
    }
    return this.permit(result.lease);
  }

  private permit(lease: RateLimitLease): KeyPermit {
    this.live.add(lease);
    this.heartbeat ??= this.startHeartbeat();
    return {
      release: (outcome) => {
        if (!this.live.delete(lease)) return;
        void this.store.release(lease, outcome).catch(noop);
      },
    };
  }

  /** One timer renews every live lease (every third of a lease), rather than one timer per call. */
  private startHeartbeat(): NodeJS.Timeout {
    const timer = setInterval(() => {
      for (const lease of this.live) void this.store.extend(lease, this.leaseMs).catch(noop);
    }, Math.max(1000, Math.floor(this.leaseMs / 3)));
    timer.unref();
    return timer;
  }

  /** Stops renewing leases (the gateway has closed its connections). */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
