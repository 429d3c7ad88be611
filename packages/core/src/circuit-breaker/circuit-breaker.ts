import { LLMError, toLLMError } from '@llm/errors';
import type { MetricsRecorder } from '@llm/metrics';
import { ChatStream } from '../model/index.js';
import { InMemoryCircuitBreakerStore, type CircuitBreakerStore, type CircuitState } from './circuit-breaker-store.js';
import { observeStream, wrapChatModel, type Middleware } from '../middleware/index.js';

/** When a circuit opens and how long it stays open. Durations in ms. */
export interface CircuitBreakerSettings {
  /** Opens after this many counted failures in the window (default 5). */
  failureThreshold?: number | undefined;
  /** Also opens when this share (0..1] of the window's calls failed, once it holds `minimumCalls`. */
  failureRateThreshold?: number | undefined;
  /** Calls the window must hold before the failure rate counts (default 10). */
  minimumCalls?: number | undefined;
  /** The sliding window, ms (default 60 000). */
  window?: number | undefined;
  /** How long an open circuit fails fast before it lets a probe through, ms (default 30 000). */
  openDuration?: number | undefined;
}

/** One change of a circuit's state. */
export interface CircuitStateChange {
  provider: string;
  model: string;
  /** `provider:model`. */
  key: string;
  from: CircuitState;
  to: CircuitState;
  /** The breaker's clock, ms since the epoch. */
  at: number;
  /** The failure that opened the circuit (or made the probe fail). */
  error?: LLMError;
}

/** Dispatched by a CircuitBreaker (an EventTarget) as `statechange`. */
export class CircuitStateChangeEvent extends Event {
  readonly change: CircuitStateChange;
  constructor(change: CircuitStateChange) {
    super('statechange');
    this.change = change;
  }
}

export interface CircuitBreakerOptions extends CircuitBreakerSettings {
  /** Where state lives (in-memory by default; a Redis store shares it between processes). */
  store?: CircuitBreakerStore;
  /**
   * Which failures count against the vendor; default: retryable failures (rate_limited, overloaded,
   * timeout, network, a vendor's provider_error) that the library did not make itself
   * (`error.local`: its own queue, budget, validation, store, or the caller's abort).
   */
  isFailure?: (error: LLMError) => boolean;
  /** Time source, ms since the epoch (tests inject one). */
  now?: () => number;
  onStateChange?: (change: CircuitStateChange) => void;
  metrics?: MetricsRecorder;
  /**
   * The breaker's store failed (a Redis store that cannot be reached). The call is never failed
   * for it: a check that cannot read the state lets the call through as if the circuit were
   * closed, and a result that cannot be recorded is dropped, so a vendor's answer is never lost
   * or asked for twice. The client passes its logger's `warn`.
   */
  onStoreError?: (error: LLMError) => void;
}

/** What `acquire` hands a call: whether it is the half-open probe. */
export interface CircuitPermit {
  key: string;
  provider: string;
  model: string;
  probe: boolean;
}

const defaultIsFailure = (error: LLMError): boolean => error.retryable && !error.local;
const noop = (): void => {};

/**
 * A circuit breaker per provider and model. Closed, it counts failures that say the vendor is in
 * trouble; past the threshold it opens and fails fast with `circuit_open` (not retryable, but a
 * reason to fall back); after `openDuration` it lets one probe through (half-open) and closes on
 * its success or opens again on its failure. State changes go to `onStateChange`, to `statechange`
 * listeners and to the metrics recorder.
 */
export class CircuitBreaker extends EventTarget {
  readonly store: CircuitBreakerStore;
  private readonly failureThreshold: number | undefined;
  private readonly failureRateThreshold: number | undefined;
  private readonly minimumCalls: number;
  private readonly windowMs: number;
  private readonly openDurationMs: number;
  private readonly isFailure: (error: LLMError) => boolean;
  private readonly now: () => number;
  private readonly onStateChange: ((change: CircuitStateChange) => void) | undefined;
  private readonly metrics: MetricsRecorder | undefined;
  private readonly onStoreError: ((error: LLMError) => void) | undefined;

  constructor(options: CircuitBreakerOptions = {}) {
    super();
    this.store = options.store ?? new InMemoryCircuitBreakerStore();
    this.failureRateThreshold = options.failureRateThreshold;
    this.failureThreshold = options.failureThreshold ?? (options.failureRateThreshold === undefined ? 5 : undefined);
    this.minimumCalls = options.minimumCalls ?? 10;
    this.windowMs = options.window ?? 60_000;
    this.openDurationMs = options.openDuration ?? 30_000;
    this.isFailure = options.isFailure ?? defaultIsFailure;
    this.now = options.now ?? Date.now;
    this.onStateChange = options.onStateChange;
    this.metrics = options.metrics;
    this.onStoreError = options.onStoreError;
    if (this.failureRateThreshold !== undefined && !(this.failureRateThreshold > 0 && this.failureRateThreshold <= 1)) {
      throw new LLMError({ code: 'configuration', message: `circuit breaker failureRateThreshold must be in (0, 1], got ${this.failureRateThreshold}` });
    }
  }

  static key(provider: string, model: string): string {
    return `${provider}:${model}`;
  }

  /** The circuit's state now (an open circuit whose open time has passed reads as `half_open`). */
  async state(provider: string, model: string): Promise<CircuitState> {
    const snap = await this.store.get(CircuitBreaker.key(provider, model), this.now(), this.windowMs);
    if (snap.state === 'open' && snap.openedAt !== undefined && this.now() - snap.openedAt >= this.openDurationMs) return 'half_open';
    return snap.state;
  }

  /** Closes one circuit (or all) and forgets its counts. */
  reset(provider?: string, model?: string): Promise<void> {
    return this.store.reset(provider !== undefined && model !== undefined ? CircuitBreaker.key(provider, model) : undefined);
  }

  private emit(permit: Pick<CircuitPermit, 'key' | 'provider' | 'model'>, from: CircuitState, to: CircuitState, at: number, error?: LLMError): void {
    const change: CircuitStateChange = { provider: permit.provider, model: permit.model, key: permit.key, from, to, at };
    if (error) change.error = error;
    this.metrics?.circuitStateChange({ provider: permit.provider, requestModel: permit.model }, from, to);
    this.onStateChange?.(change);
    this.dispatchEvent(new CircuitStateChangeEvent(change));
  }

  private openError(provider: string, model: string, retryAfterMs: number | undefined, why: string): LLMError {
    return new LLMError({
      code: 'circuit_open',
      message: `${provider}:${model}: circuit open (${why}); failing fast`,
      provider,
      model,
      retryAfterMs,
      local: true,
    });
  }

  /** Lets a call through, or throws `circuit_open`. Report its end with `succeeded` / `failed`. */
  async acquire(provider: string, model: string): Promise<CircuitPermit> {
    const key = CircuitBreaker.key(provider, model);
    const now = this.now();
    const snap = await this.store.get(key, now, this.windowMs);
    if (snap.state === 'closed') return { key, provider, model, probe: false };
    if (snap.state === 'open') {
      const openFor = now - (snap.openedAt ?? now);
      if (openFor < this.openDurationMs) {
        throw this.openError(provider, model, this.openDurationMs - openFor, `the vendor failed repeatedly; next probe in ${this.openDurationMs - openFor}ms`);
      }
      if (await this.store.transition(key, 'open', 'half_open', now)) this.emit({ key, provider, model }, 'open', 'half_open', now);
    }
    if (await this.store.acquireProbe(key, now, this.openDurationMs)) return { key, provider, model, probe: true };
    const again = await this.store.get(key, now, this.windowMs);
    if (again.state === 'closed') return { key, provider, model, probe: false };
    throw this.openError(provider, model, undefined, 'a probe call is in flight');
  }

  /** The call behind `permit` got an answer from the vendor. */
  async succeeded(permit: CircuitPermit): Promise<void> {
    const now = this.now();
    if (permit.probe) {
      if (await this.store.transition(permit.key, 'half_open', 'closed', now)) this.emit(permit, 'half_open', 'closed', now);
      return;
    }
    await this.countSuccess(permit, now);
  }

  /**
   * A success through a closed circuit: one store call (`recordSuccess`, or `record` for a store
   * without it), and nothing to wait for when the store counts synchronously (the in-memory store).
   */
  private countSuccess(permit: CircuitPermit, now: number): Promise<unknown> | undefined {
    const store = this.store;
    return store.recordSuccess ? store.recordSuccess(permit.key, now, this.windowMs) : store.record(permit.key, false, now, this.windowMs);
  }

  /** The call behind `permit` failed with `error`; only failures that say the vendor is in trouble count. */
  async failed(permit: CircuitPermit, error: LLMError): Promise<void> {
    const now = this.now();
    if (!this.isFailure(error)) {
      // Canceled calls, bad requests, wrong keys... say nothing about the vendor's health.
      if (permit.probe) await this.store.releaseProbe(permit.key);
      return;
    }
    if (permit.probe) {
      if (await this.store.transition(permit.key, 'half_open', 'open', now)) this.emit(permit, 'half_open', 'open', now, error);
      return;
    }
    const snap = await this.store.record(permit.key, true, now, this.windowMs);
    if (snap.state !== 'closed' || !this.tripped(snap.failures, snap.calls)) return;
    if (await this.store.transition(permit.key, 'closed', 'open', now)) this.emit(permit, 'closed', 'open', now, error);
  }

  private tripped(failures: number, calls: number): boolean {
    if (this.failureThreshold !== undefined && failures >= this.failureThreshold) return true;
    return this.failureRateThreshold !== undefined && calls >= this.minimumCalls && failures / calls >= this.failureRateThreshold;
  }

  /** Reports a failure of the store (never of the call) to `onStoreError`. */
  private storeFailed(err: unknown, provider: string, model: string, what: string): void {
    const error = toLLMError(err, { provider, model });
    try {
      this.onStoreError?.(error.with({ message: `circuit breaker store: ${what}: ${error.message}`, local: true }));
    } catch {
      // A reporting hook that throws changes nothing either.
    }
  }

  /**
   * `acquire`, except that a store that cannot be read lets the call through (`undefined` permit):
   * the breaker protects the vendor and the caller, it is not a reason to fail a call by itself.
   */
  private async admit(provider: string, model: string): Promise<CircuitPermit | undefined> {
    try {
      return await this.acquire(provider, model);
    } catch (err) {
      if (LLMError.is(err) && err.code === 'circuit_open') throw err;
      this.storeFailed(err, provider, model, 'could not read the circuit; the call goes through');
      return undefined;
    }
  }

  /** Records a call's end; a store that fails here loses the record, never the call's result. */
  private async settle(permit: CircuitPermit | undefined, error: LLMError | undefined): Promise<void> {
    if (!permit) return;
    try {
      if (error) await this.failed(permit, error);
      else await this.succeeded(permit);
    } catch (err) {
      this.storeFailed(err, permit.provider, permit.model, 'could not record the outcome');
    }
  }

  /**
   * Records a call's success as `settle` does; undefined when there is nothing to wait for (no
   * permit, or a closed circuit's success counted synchronously), so that the common case, a
   * success through a closed circuit of the in-memory store, costs no await.
   */
  private settleSuccess(permit: CircuitPermit | undefined): Promise<void> | undefined {
    if (!permit) return undefined;
    if (permit.probe) return this.settle(permit, undefined);
    const lost = (err: unknown) => this.storeFailed(err, permit.provider, permit.model, 'could not record the outcome');
    try {
      return this.countSuccess(permit, this.now())?.then(noop, lost);
    } catch (err) {
      lost(err);
      return undefined;
    }
  }

  /** Runs `fn` under the breaker. Its result (or error) is returned whatever happens to the bookkeeping. */
  async run<T>(provider: string, model: string, fn: () => Promise<T>): Promise<T> {
    const permit = await this.admit(provider, model);
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      await this.settle(permit, toLLMError(err, { provider, model }));
      throw err;
    }
    const recorded = this.settleSuccess(permit);
    if (recorded) await recorded;
    return result;
  }

  /** The breaker as a middleware: every model it wraps gets its own circuit (provider and model). */
  middleware(): Middleware {
    return (model) =>
      wrapChatModel(model, {
        chat: (request, options, next) => this.run(model.provider, model.modelId, () => next.chat(request, options)),
        streamChat: (request, options, next) =>
          // No signal of its own: the stream below is made, with the caller's signal, once the circuit lets the call through.
          ChatStream.later(
            async () => {
              const permit = await this.admit(model.provider, model.modelId);
              const stream = next.streamChat(request, options);
              if (!permit) return stream;
              // The stream's end is the call's outcome.
              return observeStream(stream, {
                onFinish: () => void this.settleSuccess(permit),
                onError: (error) => void this.settle(permit, error),
              });
            },
            { provider: model.provider, modelId: model.modelId, signal: options.signal },
          ),
      });
  }
}

/** A circuit-breaker middleware with its own breaker (or the one given, to read its state). */
export function circuitBreakerMiddleware(options: CircuitBreakerOptions | CircuitBreaker = {}): Middleware {
  const breaker = options instanceof CircuitBreaker ? options : new CircuitBreaker(options);
  return breaker.middleware();
}
