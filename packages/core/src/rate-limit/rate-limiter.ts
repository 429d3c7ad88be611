import { LLMError, toLLMError } from '@llm/errors';
import { FairQueue } from './fair-queue.js';
import { InMemoryRateLimitStore } from './rate-limit-memory-store.js';
import type { RateLimitFeedback, RateLimitLease, RateLimitReleaseOutcome, RateLimitRules, RateLimitStore } from './rate-limit-store.js';

export interface RateLimiterOptions {
  rules: RateLimitRules;
  /** Where the state lives; an in-memory store of this process by default. */
  store?: RateLimitStore;
  /**
   * Callers allowed to wait per key; one more fails at once with `rate_limited`. Unbounded by default.
   * A caller counts until its grant, even one let straight through (the store answers one at a time).
   */
  maxQueueSize?: number;
  /** A caller that would wait longer than this fails with `rate_limited`. Unbounded by default. */
  maxWaitMs?: number;
  /** A reservation's lease: renewed while the call runs, freed on its own if the caller dies. Default 60 s. */
  leaseMs?: number;
  /** Longest sleep before asking the store again (another process may have freed capacity). Default 250 ms. */
  pollMs?: number;
}

export interface RateLimitAcquireOptions {
  signal?: AbortSignal | undefined;
  /** Named in the errors. */
  provider?: string | undefined;
  model?: string | undefined;
}

/** A granted reservation; `release` it exactly once when the call ends. */
export interface RateLimitPermit {
  readonly lease: RateLimitLease;
  /** How long the caller waited in the queue, ms. */
  readonly waitedMs: number;
  release(outcome?: RateLimitReleaseOutcome): Promise<void>;
}

interface Waiter {
  tokens: number;
  ctx: { provider: string | undefined; model: string | undefined };
  deadline: number | undefined;
  grant(lease: RateLimitLease): void;
  fail(error: LLMError): void;
}

interface Lane {
  queue: FairQueue<Waiter>;
  running: boolean;
  kicked: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

function noop(): void {}

/**
 * Callers wait their turn per key in a FIFO queue (backpressure) instead of failing; only the head
 * of a queue asks the store, so nobody overtakes. A full queue, an exceeded `maxWaitMs` and the
 * caller's abort signal each end the wait with a typed LLMError.
 */
export class RateLimiter {
  readonly rules: RateLimitRules;
  readonly store: RateLimitStore;
  private readonly maxQueueSize: number;
  private readonly maxWaitMs: number | undefined;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly lanes = new Map<string, Lane>();
  /** A moving average of how long a permit is held (ms), for the queue-full retry hint. */
  private holdMs = 1000;

  constructor(options: RateLimiterOptions) {
    this.rules = { ...options.rules };
    this.store = options.store ?? new InMemoryRateLimitStore();
    this.maxQueueSize = options.maxQueueSize ?? Number.POSITIVE_INFINITY;
    this.maxWaitMs = options.maxWaitMs;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 250;
  }

  /** Callers waiting for `key`. */
  queued(key: string): number {
    return this.lanes.get(key)?.queue.size ?? 0;
  }

  /** Waits for room for one call of `tokens` tokens under `key`. */
  acquire(key: string, tokens: number, options: RateLimitAcquireOptions = {}): Promise<RateLimitPermit> {
    const { signal } = options;
    const ctx = { provider: options.provider, model: options.model };
    if (signal?.aborted) {
      return Promise.reject(new LLMError({ code: 'canceled', message: 'the call was canceled while waiting for the rate limiter', ...ctx, cause: signal.reason, local: true }));
    }
    const lane = this.lane(key);
    const start = performance.now();
    return new Promise<RateLimitPermit>((resolve, reject) => {
      let maxWaitTimer: ReturnType<typeof setTimeout> | undefined;
      const cleanup = () => {
        if (maxWaitTimer) clearTimeout(maxWaitTimer);
        signal?.removeEventListener('abort', onAbort);
      };
      const leave = (error: LLMError) => {
        if (!lane.queue.remove(waiter)) return;
        cleanup();
        reject(error);
        this.kick(key);
      };
      const onAbort = () =>
        leave(new LLMError({ code: 'canceled', message: 'the call was canceled while waiting for the rate limiter', ...ctx, cause: signal?.reason, local: true }));
      const waiter: Waiter = {
        tokens,
        ctx,
        deadline: this.maxWaitMs === undefined ? undefined : Date.now() + this.maxWaitMs,
        grant: (lease) => {
          cleanup();
          resolve(this.permit(key, lease, performance.now() - start));
        },
        fail: (error) => {
          cleanup();
          reject(error);
        },
      };
      if (!lane.queue.push(waiter)) {
        // Refused here, not by the vendor: `local`, so the breaker does not count it and retry hands
        // it to the caller, with a hint of when the queue will have drained, rather than queue again.
        const retryAfterMs = this.drainEstimateMs(lane.queue.size);
        reject(
          new LLMError({
            code: 'rate_limited',
            message: `rate limiter queue for ${key} is full (maxQueueSize ${this.maxQueueSize}): the call was refused rather than queued; try again in about ${retryAfterMs} ms`,
            ...ctx,
            retryAfterMs,
            local: true,
            details: { reason: 'queue_full', maxQueueSize: this.maxQueueSize },
          }),
        );
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.maxWaitMs !== undefined) {
        const maxWaitMs = this.maxWaitMs;
        maxWaitTimer = setTimeout(
          () =>
            leave(
              new LLMError({
                code: 'rate_limited',
                message: `waited ${maxWaitMs} ms for the rate limiter of ${key} (maxWait) without getting a turn`,
                ...ctx,
                retryAfterMs: this.drainEstimateMs(lane.queue.size),
                local: true,
                details: { reason: 'max_wait', maxWaitMs },
              }),
            ),
          maxWaitMs,
        );
      }
      this.kick(key);
    });
  }

  /** Tightens the key's limits from what the vendor said (see `rateLimitFeedback`). */
  async feedback(key: string, feedback: RateLimitFeedback): Promise<void> {
    await this.store.tighten(key, this.rules, feedback);
    // A pause is picked up by the head's next ask; nothing to wake.
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { queue: new FairQueue<Waiter>(this.maxQueueSize), running: false, kicked: false, timer: undefined };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /**
   * Roughly how long until `waiting` callers ahead have had their turn: by the request rate, and
   * by the concurrency limit and the average time a call holds its permit. At least `pollMs`.
   */
  private drainEstimateMs(waiting: number): number {
    const { requests, maxConcurrent, windowMs } = this.rules;
    let ms = this.pollMs;
    if (requests !== undefined) ms = Math.max(ms, ((waiting + 1) * windowMs) / requests);
    if (maxConcurrent !== undefined) ms = Math.max(ms, ((waiting + 1) / maxConcurrent) * this.holdMs);
    return Math.ceil(ms);
  }

  private permit(key: string, lease: RateLimitLease, waitedMs: number): RateLimitPermit {
    let released = false;
    const grantedAt = performance.now();
    const heartbeat = setInterval(() => void this.store.extend(lease, this.leaseMs).catch(noop), Math.max(1, Math.floor(this.leaseMs / 3)));
    heartbeat.unref?.();
    return {
      lease,
      waitedMs,
      release: async (outcome) => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        this.holdMs = this.holdMs * 0.8 + (performance.now() - grantedAt) * 0.2;
        try {
          await this.store.release(lease, outcome);
        } finally {
          this.kick(key);
        }
      },
    };
  }

  /** Asks the store for the head of the key's queue now (or as soon as the running ask returns). */
  private kick(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    if (lane.running) {
      lane.kicked = true;
      return;
    }
    if (lane.timer) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
    }
    void this.pump(key, lane);
  }

  private async pump(key: string, lane: Lane): Promise<void> {
    lane.running = true;
    try {
      for (;;) {
        const head = lane.queue.peek();
        if (!head) break;
        lane.kicked = false;
        let result;
        try {
          result = await this.store.tryAcquire({ key, tokens: head.tokens, rules: this.rules, leaseMs: this.leaseMs });
        } catch (err) {
          // The limiter's own store failed (Redis down): a local failure, not the vendor's.
          if (lane.queue.remove(head)) {
            const error = toLLMError(err, head.ctx);
            head.fail(error.with({ local: true, message: `the rate limiter's store failed: ${error.message}` }));
          }
          continue;
        }
        if (result.granted) {
          if (lane.queue.peek() === head) {
            lane.queue.shift();
            head.grant(result.lease);
          } else {
            // The head left (aborted, timed out) while the store was asked: give its turn back.
            void this.store.release(result.lease, { sent: false }).catch(noop);
          }
          continue;
        }
        if (lane.queue.peek() !== head || lane.kicked) continue;
        if (head.deadline !== undefined && result.reason !== 'concurrency' && Date.now() + result.waitMs > head.deadline) {
          // It cannot get a turn in time: say so now rather than at the deadline.
          lane.queue.shift();
          head.fail(
            new LLMError({
              code: 'rate_limited',
              message: `the rate limiter of ${key} has no room for ${result.waitMs} ms (${result.reason}), longer than maxWait allows`,
              ...head.ctx,
              retryAfterMs: result.waitMs,
              local: true,
              details: { reason: 'max_wait', limitedBy: result.reason },
            }),
          );
          continue;
        }
        const delay = Math.max(1, Math.min(result.waitMs, this.pollMs));
        lane.timer = setTimeout(() => {
          lane.timer = undefined;
          if (!lane.running) void this.pump(key, lane);
        }, delay);
        break;
      }
    } finally {
      lane.running = false;
      if (lane.queue.size === 0 && !lane.timer) this.lanes.delete(key);
    }
  }
}
