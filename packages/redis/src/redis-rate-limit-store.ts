import { randomUUID } from 'node:crypto';
import {
  InMemoryRateLimitStore,
  type RateLimitAcquireRequest,
  type RateLimitAcquireResult,
  type RateLimitDenialReason,
  type RateLimitFeedback,
  type RateLimitLease,
  type RateLimitReleaseOutcome,
  type RateLimitRules,
  type RateLimitStore,
} from '@llm/core';
import type { Redis } from 'ioredis';
import { runScript, type RedisGuard } from './redis-connection.js';
import { ACQUIRE, EXTEND, RELEASE, TIGHTEN } from './redis-rate-limit-script.js';

export interface RedisRateLimitStoreOptions {
  /** Prefix of every key this store writes. */
  keyPrefix?: string;
  /** Decides what a Redis failure means (fail, or fall back to this process's own limits). */
  guard: RedisGuard;
}

/** Leases granted by the local fallback carry this prefix, so they go back to where they came from. */
const LOCAL = 'local:';

/**
 * Rate-limit state in Redis, shared by every process that uses the same keys: each operation is
 * one Lua script, so checking the window and taking from it can never interleave between
 * processes. Leases expire by Redis' clock, so a crashed process's slots come back on their own.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly prefix: string;
  private readonly guard: RedisGuard;
  private readonly local = new InMemoryRateLimitStore();

  constructor(
    private readonly client: Redis,
    options: RedisRateLimitStoreOptions,
  ) {
    this.prefix = options.keyPrefix ?? 'llm:';
    this.guard = options.guard;
  }

  /** The Redis keys of one limiter key; the {hash tag} keeps them on one cluster slot. */
  keys(key: string): string[] {
    const base = `${this.prefix}rl:{${key}}`;
    return [`${base}:req`, `${base}:req:amt`, `${base}:tok`, `${base}:tok:amt`, `${base}:lease`, `${base}:pause`];
  }

  async tryAcquire(request: RateLimitAcquireRequest): Promise<RateLimitAcquireResult> {
    const { key, rules, leaseMs } = request;
    const tokens = Math.max(0, Math.ceil(request.tokens));
    return this.guard.run(
      'rate limit store',
      async () => {
        const id = randomUUID();
        const reply = (await runScript(this.client, ACQUIRE, this.keys(key), [
          id,
          tokens,
          rules.requests ?? 0,
          rules.tokens ?? 0,
          rules.windowMs,
          rules.maxConcurrent ?? 0,
          leaseMs,
        ])) as [number, number, number | string];
        if (reply[0] === 1) return { granted: true, lease: { id, key, tokens, grantedAt: reply[1], expiresAt: Number(reply[2]) } };
        return { granted: false, waitMs: reply[1], reason: String(reply[2]) as RateLimitDenialReason };
      },
      async () => {
        const result = await this.local.tryAcquire({ ...request, tokens });
        return result.granted ? { granted: true, lease: { ...result.lease, id: `${LOCAL}${result.lease.id}` } } : result;
      },
    );
  }

  async extend(lease: RateLimitLease, leaseMs: number): Promise<void> {
    if (lease.id.startsWith(LOCAL)) return this.local.extend({ ...lease, id: lease.id.slice(LOCAL.length) }, leaseMs);
    await this.guard.run(
      'rate limit store',
      async () => void (await runScript(this.client, EXTEND, this.keys(lease.key), [lease.id, leaseMs, 0])),
      async () => {},
    );
  }

  async release(lease: RateLimitLease, outcome: RateLimitReleaseOutcome = {}): Promise<void> {
    if (lease.id.startsWith(LOCAL)) return this.local.release({ ...lease, id: lease.id.slice(LOCAL.length) }, outcome);
    const actual = outcome.actualTokens === undefined ? '' : Math.max(0, Math.ceil(outcome.actualTokens));
    await this.guard.run(
      'rate limit store',
      async () => void (await runScript(this.client, RELEASE, this.keys(lease.key), [lease.id, actual, outcome.sent === false ? '0' : '1'])),
      // The Redis lease expires on its own once Redis is back.
      async () => {},
    );
  }

  async tighten(key: string, rules: RateLimitRules, feedback: RateLimitFeedback): Promise<void> {
    const r = feedback.requests;
    const t = feedback.tokens;
    await this.guard.run(
      'rate limit store',
      async () =>
        void (await runScript(this.client, TIGHTEN, this.keys(key), [
          Math.max(0, Math.ceil(feedback.pauseMs ?? 0)),
          r ? r.remaining : '',
          r ? Math.ceil(r.resetMs) : 0,
          rules.requests ?? 0,
          t ? t.remaining : '',
          t ? Math.ceil(t.resetMs) : 0,
          rules.tokens ?? 0,
          rules.windowMs,
          `vendor-${randomUUID()}`,
        ])),
      () => this.local.tighten(key, rules, feedback),
    );
  }
}
