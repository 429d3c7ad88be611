import { randomUUID } from 'node:crypto';
import { toLLMError, type LLMErrorCode } from '@llm/errors';
import { isOutputChunk, observeStream, wrapChatModel, type CallOptions, type ClientOption, type Middleware, withAttemptMiddleware } from '@llm/core';
import type { ChatRequest, ChatResponse, StreamEvent } from '@llm/schema';
import type { AnalyticsRecorder } from './analytics-recorder.js';
import { ARM_TAG, EXPERIMENT_TAG, type CallRecord, type RecordKind } from './call-record.js';

/** The call a layer of attempts belongs to, handed down in `CallOptions.scope`. */
interface CallState {
  readonly id: string;
  attempts: number;
}

const CALL = Symbol('@llm/analytics.call');

const callStateOf = (options: CallOptions): CallState | undefined => options.scope?.[CALL] as CallState | undefined;

interface Labels {
  tags: Readonly<Record<string, string>> | undefined;
  experiment: string | undefined;
  arm: string | undefined;
}

function labelsOf(request: ChatRequest<unknown>): Labels {
  const tags = request.tags;
  if (!tags || (tags[EXPERIMENT_TAG] === undefined && tags[ARM_TAG] === undefined)) return { tags, experiment: undefined, arm: undefined };
  const { [EXPERIMENT_TAG]: experiment, [ARM_TAG]: arm, ...rest } = tags;
  return { tags: Object.keys(rest).length ? rest : undefined, experiment, arm };
}

/** Where the answer came from under fallback: `providerMetadata.routing` (set by core's fallback model). */
function routingOf(response: ChatResponse<unknown>): { provider: string; model: string; hop: number } | undefined {
  const routing = response.providerMetadata?.routing as { answeredBy?: unknown; tried?: unknown } | undefined;
  if (!routing || typeof routing.answeredBy !== 'string') return undefined;
  const colon = routing.answeredBy.indexOf(':');
  if (colon <= 0) return undefined;
  return { provider: routing.answeredBy.slice(0, colon), model: routing.answeredBy.slice(colon + 1), hop: Array.isArray(routing.tried) ? routing.tried.length : 0 };
}

/** How many models a failed call went through (core's fallback model lists them in `details.fallback`). */
function failedHops(details: Readonly<Record<string, unknown>> | undefined): number {
  const fallback = details?.fallback;
  return Array.isArray(fallback) && fallback.length > 1 ? fallback.length - 1 : 0;
}

interface Timing {
  start: number;
  durationMs: number;
  ttfcMs: number | undefined;
  chunkMs: number | undefined;
  outputChunks: number | undefined;
}

interface Base {
  kind: RecordKind;
  id: string;
  callId: string;
  attempt: number;
  provider: string;
  model: string;
  streamed: boolean;
  labels: Labels;
}

function successRecord(base: Base, timing: Timing, response: ChatResponse<unknown>, retries: number, hop: number): CallRecord {
  const cacheHit = response.cached === true;
  const usage = response.usage;
  const cost = cacheHit ? undefined : usage.cost;
  return {
    id: base.id,
    kind: base.kind,
    callId: base.callId,
    attempt: base.attempt,
    provider: base.provider,
    model: base.model,
    responseModel: response.model || undefined,
    operation: 'chat',
    streamed: base.streamed,
    start: timing.start,
    durationMs: timing.durationMs,
    ttfcMs: timing.ttfcMs,
    chunkMs: timing.chunkMs,
    outputChunks: timing.outputChunks,
    inputTokens: cacheHit ? 0 : usage.inputTokens,
    outputTokens: cacheHit ? 0 : usage.outputTokens,
    cachedInputTokens: cacheHit ? 0 : (usage.cachedInputTokens ?? 0),
    cacheWriteTokens: cacheHit ? 0 : (usage.cacheWriteTokens ?? 0),
    reasoningTokens: cacheHit ? 0 : (usage.reasoningTokens ?? 0),
    costUsd: cost?.totalUsd,
    inputUsd: cost?.inputUsd,
    outputUsd: cost?.outputUsd,
    cachedInputUsd: cost?.cachedInputUsd,
    cacheWriteUsd: cost?.cacheWriteUsd,
    reasoningUsd: cost?.reasoningUsd,
    outcome: 'success',
    errorCode: undefined,
    retries,
    fallbackHop: hop,
    cacheHit,
    tags: base.labels.tags,
    experiment: base.labels.experiment,
    arm: base.labels.arm,
  };
}

function errorRecord(base: Base, timing: Timing, code: LLMErrorCode, retries: number, hop: number): CallRecord {
  return {
    id: base.id,
    kind: base.kind,
    callId: base.callId,
    attempt: base.attempt,
    provider: base.provider,
    model: base.model,
    responseModel: undefined,
    operation: 'chat',
    streamed: base.streamed,
    start: timing.start,
    durationMs: timing.durationMs,
    ttfcMs: timing.ttfcMs,
    chunkMs: timing.chunkMs,
    outputChunks: timing.outputChunks,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: undefined,
    inputUsd: undefined,
    outputUsd: undefined,
    cachedInputUsd: undefined,
    cacheWriteUsd: undefined,
    reasoningUsd: undefined,
    outcome: 'error',
    errorCode: code,
    retries,
    fallbackHop: hop,
    cacheHit: false,
    tags: base.labels.tags,
    experiment: base.labels.experiment,
    arm: base.labels.arm,
  };
}

/** Times a stream with no work per chunk beyond a counter: the first output chunk's time and the end. */
class StreamClock {
  start = Date.now();
  private t0 = performance.now();
  private first = -1;
  private chunks = 0;

  restart(): void {
    this.start = Date.now();
    this.t0 = performance.now();
  }

  onEvent(event: StreamEvent<unknown>): void {
    if (!isOutputChunk(event)) return;
    if (this.chunks++ === 0) this.first = performance.now();
  }

  timing(): Timing {
    const end = performance.now();
    const ttfcMs = this.first < 0 ? undefined : this.first - this.t0;
    // The mean gap between chunks after the first, measured from the first chunk to the end.
    const chunkMs = this.chunks >= 2 ? (end - this.first) / (this.chunks - 1) : undefined;
    return { start: this.start, durationMs: end - this.t0, ttfcMs, chunkMs, outputChunks: this.chunks };
  }
}

const plainTiming = (start: number, t0: number): Timing => ({ start, durationMs: performance.now() - t0, ttfcMs: undefined, chunkMs: undefined, outputChunks: undefined });

/**
 * The outermost observer: one `call` record per call, as the caller saw it (cache hits,
 * fallback hops and retries included). It hands the call's id to the attempt observer below it.
 */
export function callMiddleware(recorder: AnalyticsRecorder): Middleware {
  return (model) => {
    const base = (request: ChatRequest<unknown>, state: CallState, streamed: boolean): Base => ({
      kind: 'call',
      id: state.id,
      callId: state.id,
      attempt: 0,
      provider: model.provider,
      model: model.modelId,
      streamed,
      labels: labelsOf(request),
    });
    const succeeded = (b: Base, timing: Timing, response: ChatResponse<unknown>, state: CallState) => {
      const routed = routingOf(response);
      if (routed) {
        b.provider = routed.provider;
        b.model = routed.model;
      }
      b.attempt = state.attempts;
      recorder.record(successRecord(b, timing, response, Math.max(0, state.attempts - 1), routed?.hop ?? 0));
    };
    const failed = (b: Base, timing: Timing, err: unknown, state: CallState) => {
      const error = toLLMError(err, { provider: model.provider, model: model.modelId });
      const attempts = state.attempts || (Array.isArray(error.details?.attempts) ? error.details.attempts.length : 1);
      b.attempt = attempts;
      recorder.record(errorRecord(b, timing, error.code, Math.max(0, attempts - 1), failedHops(error.details)));
    };
    const scoped = (options: CallOptions, state: CallState): CallOptions => ({ ...options, scope: { ...options.scope, [CALL]: state } });

    return wrapChatModel(model, {
      async chat(request, options, next) {
        const state: CallState = { id: randomUUID(), attempts: 0 };
        const b = base(request, state, false);
        const start = Date.now();
        const t0 = performance.now();
        try {
          const response = await next.chat(request, scoped(options, state));
          succeeded(b, plainTiming(start, t0), response, state);
          return response;
        } catch (err) {
          failed(b, plainTiming(start, t0), err, state);
          throw err;
        }
      },
      streamChat(request, options, next) {
        const state: CallState = { id: randomUUID(), attempts: 0 };
        const b = base(request, state, true);
        const clock = new StreamClock();
        return observeStream(next.streamChat(request, scoped(options, state)), {
          onStart: () => clock.restart(),
          onEvent: (event) => clock.onEvent(event),
          onFinish: (response) => succeeded(b, clock.timing(), response, state),
          onError: (error) => failed(b, clock.timing(), error, state),
        });
      },
    });
  };
}

/**
 * The per-attempt observer (placed inside retry and fallback by {@link withAnalytics}): one
 * `attempt` record per try at the vendor, linked to its call.
 */
export function attemptMiddleware(recorder: AnalyticsRecorder): Middleware {
  return (model) => {
    const base = (request: ChatRequest<unknown>, options: CallOptions, streamed: boolean): Base => {
      const state = callStateOf(options);
      const id = randomUUID();
      const attempt = state ? ++state.attempts : 1;
      return { kind: 'attempt', id, callId: state?.id ?? id, attempt, provider: model.provider, model: model.modelId, streamed, labels: labelsOf(request) };
    };
    return wrapChatModel(model, {
      async chat(request, options, next) {
        const b = base(request, options, false);
        const start = Date.now();
        const t0 = performance.now();
        try {
          const response = await next.chat(request, options);
          recorder.record(successRecord(b, plainTiming(start, t0), response, b.attempt - 1, 0));
          return response;
        } catch (err) {
          recorder.record(errorRecord(b, plainTiming(start, t0), toLLMError(err, { provider: model.provider, model: model.modelId }).code, b.attempt - 1, 0));
          throw err;
        }
      },
      streamChat(request, options, next) {
        const b = base(request, options, true);
        const clock = new StreamClock();
        return observeStream(next.streamChat(request, options), {
          onStart: () => clock.restart(),
          onEvent: (event) => clock.onEvent(event),
          onFinish: (response) => recorder.record(successRecord(b, clock.timing(), response, b.attempt - 1, 0)),
          onError: (error) => recorder.record(errorRecord(b, clock.timing(), error.code, b.attempt - 1, 0)),
        });
      },
    });
  };
}

/**
 * A client option that records every call (outermost) and every attempt (inside retry and
 * fallback) of a client into `recorder`.
 */
export function withAnalytics(recorder: AnalyticsRecorder, options: { attempts?: boolean } = {}): ClientOption {
  return (setup) => {
    setup.middleware.push(callMiddleware(recorder));
    if (options.attempts === false) return;
    withAttemptMiddleware(attemptMiddleware(recorder))(setup);
  };
}
