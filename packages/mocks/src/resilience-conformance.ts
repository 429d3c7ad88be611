import { isLLMError, LLMError, type LLMErrorCode } from '@llm/errors';
import {
  applyMiddleware,
  CircuitBreaker,
  createFallbackModel,
  retryMiddleware,
  timeoutMiddleware,
  wrapChatModel,
  type ChatModel,
  type Clock,
  type RoutingInfo,
  type TimeoutSettings,
} from '@llm/core';
import type { ChatRequest, ChatResponse } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConformanceHarness } from './conformance-harness.js';
import { createMockModel } from './mock-model.js';
import type { Scenario } from './scenario.js';
import { waitFor } from './wait-for.js';

/** How long a slow fault stalls, and the limits that catch it (ms). */
// Wide margins: the attempt that recovers must answer within LIMIT_MS on a loaded 2-core CI machine
// (150 ms failed under a load average of 80), and a slow fault must stay well past the limit.
const SLOW_MS = 3000;
const LIMIT_MS = 600;
const CHUNK_GAP_MS = 1500;
/** Calls get a total limit; streams a first-chunk and an idle limit (a stream's total would race them). */
/** Far above any healthy reply, even on a loaded 2-core CI machine: only the slow faults may time out. */
const GENEROUS_MS = 10_000;
const limits = (fault: ResilienceFault): TimeoutSettings => {
  if (fault.expect.timeout.outcome === 'passes') return fault.stream ? { firstChunk: GENEROUS_MS, idle: GENEROUS_MS } : { total: GENEROUS_MS };
  return fault.limits ?? (fault.stream ? { firstChunk: LIMIT_MS, idle: LIMIT_MS } : { total: LIMIT_MS });
};

/** What a middleware should make of a fault. */
export interface ResilienceExpectations {
  /** `recovers`: the next attempt answers; `surfaces`: the error reaches the caller after one attempt. */
  retry: 'recovers' | 'surfaces';
  /** `times-out`: a `timeout` error of that kind, the HTTP request aborted; `passes`: the fault's own error, untouched. */
  timeout: { outcome: 'times-out'; kind: keyof TimeoutSettings } | { outcome: 'passes' };
  /** `opens`: the fault counts, the circuit opens and the next call fails fast; `ignored`: it stays closed. */
  circuitBreaker: 'opens' | 'ignored';
  /** `falls-back`: the backup model answers; `surfaces`: the error reaches the caller, the backup is never called. */
  fallback: 'falls-back' | 'surfaces';
}

/** One fault the fake vendor (or mock model) injects, and what each middleware must do with it. */
export interface ResilienceFault {
  name: string;
  /** The scripted reply, or `wrong-key` for the vendor's real 401. */
  script: Scenario | 'wrong-key';
  stream: boolean;
  /** The LLMError code the call fails with (behind the timeout middleware for slow faults). */
  code: LLMErrorCode;
  /** The `retryAfterMs` the vendor asked for. */
  retryAfterMs?: number;
  /** The timeout middleware's limits for this fault (default: `total` for a call, `firstChunk` and `idle` for a stream). */
  limits?: TimeoutSettings;
  /** Only for vendors that send errors inside a stream. */
  needsStreamErrors?: boolean;
  expect: ResilienceExpectations;
}

/** The fault-injection matrix: each fault × retry, timeout, circuit breaker and fallback. */
export const RESILIENCE_FAULTS: readonly ResilienceFault[] = [
  {
    name: '429 with retry-after',
    script: { kind: 'error', error: 'rate_limited', retryAfterSeconds: 1 },
    stream: false,
    code: 'rate_limited',
    retryAfterMs: 1000,
    expect: { retry: 'recovers', timeout: { outcome: 'passes' }, circuitBreaker: 'opens', fallback: 'falls-back' },
  },
  {
    name: '503 overloaded',
    script: { kind: 'error', error: 'overloaded' },
    stream: false,
    code: 'overloaded',
    expect: { retry: 'recovers', timeout: { outcome: 'passes' }, circuitBreaker: 'opens', fallback: 'falls-back' },
  },
  {
    name: '500 server error',
    script: { kind: 'error', error: 'provider_error' },
    stream: false,
    code: 'provider_error',
    expect: { retry: 'recovers', timeout: { outcome: 'passes' }, circuitBreaker: 'opens', fallback: 'falls-back' },
  },
  {
    name: '503 on a stream',
    script: { kind: 'error', error: 'overloaded' },
    stream: true,
    code: 'overloaded',
    expect: { retry: 'recovers', timeout: { outcome: 'passes' }, circuitBreaker: 'opens', fallback: 'falls-back' },
  },
  {
    name: 'stream cut before its first chunk',
    script: { kind: 'text', text: 'never arrives at all', fault: { kind: 'cut', afterChunks: 0 } },
    stream: true,
    code: 'network',
    expect: { retry: 'recovers', timeout: { outcome: 'passes' }, circuitBreaker: 'opens', fallback: 'falls-back' },
  },
  {
    // A cut over HTTP may lose the frames written just before it, so a vendor error inside the
    // stream is what reliably fails a stream after output has reached the caller.
    name: 'stream failing after output was delivered',
    script: { kind: 'stream-error', afterText: 'partial answer', error: 'overloaded' },
    stream: true,
    code: 'overloaded',
    needsStreamErrors: true,
    expect: { retry: 'surfaces', timeout: { outcome: 'passes' }, circuitBreaker: 'opens', fallback: 'surfaces' },
  },
  {
    name: 'slow first byte',
    script: { kind: 'text', text: 'too late', fault: { kind: 'slow-first-byte', delayMs: SLOW_MS } },
    stream: false,
    code: 'timeout',
    expect: { retry: 'recovers', timeout: { outcome: 'times-out', kind: 'total' }, circuitBreaker: 'opens', fallback: 'falls-back' },
  },
  {
    name: 'slow first chunk of a stream',
    script: { kind: 'text', text: 'too late', fault: { kind: 'slow-first-byte', delayMs: SLOW_MS } },
    stream: true,
    code: 'timeout',
    expect: { retry: 'recovers', timeout: { outcome: 'times-out', kind: 'firstChunk' }, circuitBreaker: 'opens', fallback: 'falls-back' },
  },
  {
    name: 'slow chunks',
    // Text first, then the stream stalls: the idle limit counts the vendor's silence, so gaps before
    // the first text (vendors open with frames that carry none) would be caught before any output.
    script: { kind: 'text', text: 'one two three four five', fault: { kind: 'slow-chunks', delayMs: CHUNK_GAP_MS, tail: 3 } },
    stream: true,
    code: 'timeout',
    limits: { idle: LIMIT_MS },
    expect: { retry: 'surfaces', timeout: { outcome: 'times-out', kind: 'idle' }, circuitBreaker: 'opens', fallback: 'surfaces' },
  },
  {
    name: 'malformed JSON',
    script: { kind: 'text', text: 'x', fault: { kind: 'malformed-json' } },
    stream: false,
    code: 'malformed_response',
    expect: { retry: 'surfaces', timeout: { outcome: 'passes' }, circuitBreaker: 'ignored', fallback: 'surfaces' },
  },
  {
    name: '401 wrong key',
    script: 'wrong-key',
    stream: false,
    code: 'authentication',
    expect: { retry: 'surfaces', timeout: { outcome: 'passes' }, circuitBreaker: 'ignored', fallback: 'surfaces' },
  },
];

export interface ResilienceOptions {
  /** Shown in the suite's name. */
  name: string;
  /** The same harness as `runConformanceSuite`. */
  setup(): Promise<ConformanceHarness>;
  /** The vendor sends errors inside a stream (as for `runConformanceSuite`). */
  streamErrors?: boolean;
  /** Leave out faults this vendor cannot produce (by name). */
  skipFaults?: readonly string[];
}

const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
const RECOVERED: Scenario = { kind: 'text', text: 'recovered' };

/** A clock whose waits take no time and are recorded. */
function instantClock(): Clock & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(new LLMError({ code: 'canceled', message: 'canceled while waiting' }));
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

/** Counts the calls that reach the model (the fake server does not record a request it refused with 401). */
function counted(model: ChatModel): { model: ChatModel; readonly calls: number } {
  let calls = 0;
  const wrapped = wrapChatModel(model, {
    chat: (request, options, next) => {
      calls++;
      return next.chat(request, options);
    },
    streamChat: (request, options, next) => {
      calls++;
      return next.streamChat(request, options);
    },
  });
  return {
    model: wrapped,
    get calls() {
      return calls;
    },
  };
}

interface Outcome {
  response?: ChatResponse<undefined>;
  error?: LLMError;
  texts: string[];
  ms: number;
}

/** Runs one call, as a stream or not, and says how it ended. */
async function run(model: ChatModel, stream: boolean): Promise<Outcome> {
  const started = Date.now();
  const texts: string[] = [];
  try {
    if (!stream) {
      const response = await model.chat(ask);
      return { response, texts: [response.text], ms: Date.now() - started };
    }
    let response: ChatResponse<undefined> | undefined;
    for await (const event of model.streamChat(ask)) {
      if (event.type === 'text-delta') texts.push(event.text);
      if (event.type === 'finish') response = event.response;
    }
    if (!response) throw new Error('the stream ended without a finish event');
    return { response, texts, ms: Date.now() - started };
  } catch (err) {
    expect(isLLMError(err), `expected an LLMError, got ${String(err)}`).toBe(true);
    return { error: err as LLMError, texts, ms: Date.now() - started };
  }
}

/**
 * The fault-injection matrix every provider runs against its fake vendor server: each fault
 * (429 with retry-after, 503, 500, cut streams, slow first byte, slow chunks, malformed JSON,
 * 401) through each resilience middleware (retry, timeout, circuit breaker, fallback), with the
 * outcome each must give. Slow faults go through the timeout middleware, which turns them into
 * errors the other middlewares act on.
 */
export function runResilienceSuite(options: ResilienceOptions): void {
  const faults = RESILIENCE_FAULTS.filter((f) => !options.skipFaults?.includes(f.name) && (options.streamErrors || !f.needsStreamErrors));

  describe(`resilience: ${options.name}`, () => {
    let h: ConformanceHarness;

    beforeAll(async () => {
      h = await options.setup();
    });
    afterAll(async () => {
      await h?.close();
    });
    beforeEach(() => h.target.reset());

    /** The bare model for a fault (a wrong key for the 401), counted, with `times` faults queued, then `after`. */
    const faulty = (fault: ResilienceFault, times: number, ...after: Scenario[]) => {
      if (fault.script === 'wrong-key') return counted(h.createModel({ apiKey: 'wrong-key-000000000000' }));
      for (let i = 0; i < times; i++) h.target.enqueue(fault.script);
      h.target.enqueue(...after);
      return counted(h.createModel());
    };

    describe('retry', () => {
      for (const fault of faults) {
        it(`${fault.name}: ${fault.expect.retry === 'recovers' ? 'retried, then answered' : 'surfaced after one attempt'}`, async () => {
          const target = faulty(fault, 1, RECOVERED);
          const clock = instantClock();
          const model = applyMiddleware(target.model, retryMiddleware({ policy: { maxRetries: 2, initialDelay: 10, maxDelay: 10 }, clock, random: () => 0.5 }), timeoutMiddleware(limits(fault)));
          const outcome = await run(model, fault.stream);
          if (fault.expect.retry === 'recovers') {
            expect(outcome.error).toBeUndefined();
            expect(outcome.response?.text).toBe('recovered');
            expect(target.calls).toBe(2);
            expect(clock.waits).toEqual([fault.retryAfterMs ?? 5]);
          } else {
            expect(outcome.error?.code).toBe(fault.code);
            expect(target.calls).toBe(1);
            expect(clock.waits).toEqual([]);
            if (fault.stream) expect(outcome.texts.length).toBeGreaterThan(0);
          }
        });
      }

      it('gives up after the max attempts with the last code and every attempt in the error', async () => {
        const target = faulty(RESILIENCE_FAULTS[1]!, 3);
        const model = applyMiddleware(target.model, retryMiddleware({ policy: { maxRetries: 2 }, clock: instantClock() }));
        const { error } = await run(model, false);
        expect(error?.code).toBe('overloaded');
        expect(error?.message).toMatch(/after 3 attempts/);
        expect((error?.details?.attempts as unknown[]).length).toBe(3);
        expect(target.calls).toBe(3);
      });

      it('gives up instead of waiting a retry-after past the max total time', async () => {
        const target = faulty({ ...RESILIENCE_FAULTS[0]!, script: { kind: 'error', error: 'rate_limited', retryAfterSeconds: 30 } }, 1, RECOVERED);
        const model = applyMiddleware(target.model, retryMiddleware({ policy: { maxRetries: 2, maxTotalTime: 5000 }, clock: instantClock() }));
        const { error } = await run(model, false);
        expect(error?.code).toBe('rate_limited');
        expect(error?.retryAfterMs).toBe(30_000);
        expect(target.calls).toBe(1);
      });
    });

    describe('timeout', () => {
      for (const fault of faults) {
        const e = fault.expect.timeout;
        it(`${fault.name}: ${e.outcome === 'times-out' ? `times out (${e.kind}) and aborts the request` : 'passes the error through'}`, async () => {
          const target = faulty(fault, 1);
          const model = applyMiddleware(target.model, timeoutMiddleware(limits(fault)));
          const outcome = await run(model, fault.stream);
          expect(outcome.error?.code).toBe(fault.code);
          if (e.outcome === 'times-out') {
            expect(outcome.error?.retryable).toBe(true);
            expect(outcome.error?.details).toMatchObject({ timeout: e.kind, limitMs: LIMIT_MS });
            expect(outcome.ms).toBeLessThan(SLOW_MS);
            if (h.target.abortedRequests !== undefined) await waitFor(() => (h.target.abortedRequests ?? 0) >= 1, 'the server seeing the request aborted');
          } else {
            expect(outcome.error?.details?.timeout).toBeUndefined();
          }
        });
      }

      it('lets a healthy call through', async () => {
        h.target.enqueue({ kind: 'text', text: 'in time', fault: { kind: 'slow-chunks', delayMs: 20 } });
        const model = applyMiddleware(h.createModel(), timeoutMiddleware({ total: 5000, firstChunk: 2000, idle: 1000 }));
        const outcome = await run(model, true);
        expect(outcome.response?.text).toBe('in time');
      });
    });

    describe('circuit breaker', () => {
      for (const fault of faults) {
        const opens = fault.expect.circuitBreaker === 'opens';
        it(`${fault.name}: ${opens ? 'opens the circuit, then fails fast' : 'does not count; the circuit stays closed'}`, async () => {
          const target = faulty(fault, 2, RECOVERED);
          const breaker = new CircuitBreaker({ failureThreshold: 2, openDuration: 60_000 });
          const model = applyMiddleware(target.model, breaker.middleware(), timeoutMiddleware(limits(fault)));
          for (let i = 0; i < 2; i++) expect((await run(model, fault.stream)).error?.code).toBe(fault.code);
          const third = await run(model, fault.stream);
          const state = await breaker.state(model.provider, model.modelId);
          if (opens) {
            expect(state).toBe('open');
            expect(third.error).toMatchObject({ code: 'circuit_open', retryable: false });
            expect(target.calls).toBe(2);
          } else {
            expect(state).toBe('closed');
            expect(target.calls).toBe(3);
            if (fault.script === 'wrong-key') expect(third.error?.code).toBe('authentication');
            else expect(third.response?.text).toBe('recovered');
          }
        });
      }
    });

    describe('fallback', () => {
      for (const fault of faults) {
        const fallsBack = fault.expect.fallback === 'falls-back';
        it(`${fault.name}: ${fallsBack ? 'the backup model answers' : 'surfaced; the backup is not called'}`, async () => {
          const target = faulty(fault, 1);
          const backup = createMockModel({ provider: 'backup', modelId: 'backup-1', defaultScenario: { kind: 'text', text: 'from the backup' } });
          const primary = applyMiddleware(target.model, timeoutMiddleware(limits(fault)));
          const model = createFallbackModel([primary, backup.model]);
          const outcome = await run(model, fault.stream);
          if (fallsBack) {
            expect(outcome.error).toBeUndefined();
            expect(outcome.response?.text).toBe('from the backup');
            expect(outcome.response?.providerMetadata?.routing as RoutingInfo).toEqual({
              answeredBy: 'backup:backup-1',
              tried: [{ model: `${primary.provider}:${primary.modelId}`, errorCode: fault.code }],
            });
          } else {
            expect(outcome.error?.code).toBe(fault.code);
            expect(backup.requests).toHaveLength(0);
          }
        });
      }
    });
  });
}
