import { toLLMError, type LLMErrorCode } from '@llm/errors';
import { isOutputChunk, observeStream, wrapChatModel, type CallOptions, type ChatModel, type ClientOption, type Middleware, withAttemptMiddleware } from '@llm/core';
import type { ChatRequest, ChatResponse, StreamEvent, Usage } from '@llm/schema';
import type { AnalyticsRecorder } from './analytics-recorder.js';
import { ARM_TAG, EXPERIMENT_TAG, type CallRecord, type RecordKind } from './call-record.js';
import { attemptId, recordId, RecordIdSource, type RecordIdParts } from './record-id.js';
import { wallClock } from './wall-clock.js';

/** The call a layer of attempts belongs to, handed down in `CallOptions.scope`: the call's own {@link Subject}. */
interface CallState {
  readonly id: string;
  readonly idPrefix: string;
  readonly idCounter: number;
  attempts: number;
}

const CALL = Symbol('@llm/analytics.call');

const callStateOf = (options: CallOptions): CallState | undefined => options.scope?.[CALL] as CallState | undefined;

interface Labels {
  tags: Readonly<Record<string, string>> | undefined;
  experiment: string | undefined;
  arm: string | undefined;
}

const NO_LABELS: Labels = { tags: undefined, experiment: undefined, arm: undefined };

function labelsOf(request: ChatRequest<unknown>): Labels {
  const tags = request.tags;
  if (!tags) return NO_LABELS;
  if (tags[EXPERIMENT_TAG] === undefined && tags[ARM_TAG] === undefined) return { tags, experiment: undefined, arm: undefined };
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

/** What a record is about, known when the call or attempt starts; also how its id was made. */
interface Subject extends RecordIdParts {
  kind: RecordKind;
  id: string;
  callId: string;
  attempt: number;
  /** A call's attempts so far (the attempt observer below counts them); 0 for an attempt. */
  attempts: number;
  provider: string;
  model: string;
  streamed: boolean;
  labels: Labels;
  /** Wall-clock start (ms since the epoch) and the monotonic clock then. */
  start: number;
  t0: number;
}

/** A subject, started now: one object literal, so every subject has the same shape. */
function newSubject(kind: RecordKind, id: string, callId: string, parts: RecordIdParts, attempt: number, model: ChatModel, request: ChatRequest<unknown>, streamed: boolean, clock: (monotonic: number) => number): Subject {
  const t0 = performance.now();
  return {
    kind,
    id,
    callId,
    idPrefix: parts.idPrefix,
    idCounter: parts.idCounter,
    idAttempt: parts.idAttempt,
    attempt,
    attempts: 0,
    provider: model.provider,
    model: model.modelId,
    streamed,
    labels: labelsOf(request),
    start: clock(t0),
    t0,
  };
}

/** A stream's timing: the first output chunk's time and the chunk count; the usage it reported, if any. */
interface StreamTiming {
  first: number;
  chunks: number;
  usage?: Usage;
}

/**
 * One record, built in one object literal (the same shape for every record: one hidden class,
 * no intermediate objects). `response` is absent for a failure, `code` then says why.
 */
function buildRecord(s: Subject, stream: StreamTiming | undefined, response: ChatResponse<unknown> | undefined, code: LLMErrorCode | undefined, retries: number, hop: number): CallRecord {
  const end = performance.now();
  const cacheHit = response?.cached === true;
  // A stream that failed after the vendor reported usage was billed for it: the record keeps it.
  const usage = response ? (cacheHit ? undefined : response.usage) : stream?.usage;
  const cost = usage?.cost;
  const chunks = stream ? stream.chunks : undefined;
  const first = stream && stream.chunks > 0 ? stream.first : -1;
  return {
    id: s.id,
    kind: s.kind,
    callId: s.callId,
    attempt: s.attempt,
    provider: s.provider,
    model: s.model,
    responseModel: response?.model || undefined,
    operation: 'chat',
    streamed: s.streamed,
    start: s.start,
    durationMs: end - s.t0,
    ttfcMs: first < 0 ? undefined : first - s.t0,
    // The mean gap between chunks after the first, measured from the first chunk to the end.
    chunkMs: chunks !== undefined && chunks >= 2 ? (end - first) / (chunks - 1) : undefined,
    outputChunks: chunks,
    inputTokens: usage ? usage.inputTokens : 0,
    outputTokens: usage ? usage.outputTokens : 0,
    cachedInputTokens: usage?.cachedInputTokens ?? 0,
    cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    costUsd: cost?.totalUsd,
    inputUsd: cost?.inputUsd,
    outputUsd: cost?.outputUsd,
    cachedInputUsd: cost?.cachedInputUsd,
    cacheWriteUsd: cost?.cacheWriteUsd,
    reasoningUsd: cost?.reasoningUsd,
    outcome: response ? 'success' : 'error',
    errorCode: code,
    retries,
    fallbackHop: hop,
    cacheHit,
    tags: s.labels.tags,
    experiment: s.labels.experiment,
    arm: s.labels.arm,
  };
}

/** Counts output chunks and notes the first one's time (and keeps a usage event): no other work per chunk. */
function streamObserver(timing: StreamTiming): (event: StreamEvent<unknown>) => void {
  return (event) => {
    if (!isOutputChunk(event)) {
      if (event.type === 'usage') timing.usage = event.usage;
      return;
    }
    if (timing.chunks++ === 0) timing.first = performance.now();
  };
}

/** A stream starts being timed when it is read, not when it is created. */
function restart(s: Subject, clock: (monotonic: number) => number): void {
  s.t0 = performance.now();
  s.start = clock(s.t0);
}

/** What an observer does when a call it watches ends: with the response, or with the failure. */
type Done = (s: Subject, response: ChatResponse<unknown> | undefined, err: unknown) => void;

/**
 * `next.chat(...)` with `done` on its end: a `then` rather than an `async` layer (one promise fewer
 * per observer and call); `done` is made once per model, not per call. A synchronous throw counts as
 * a failure.
 */
function observeChat<TOutput>(next: ChatModel, request: ChatRequest<TOutput>, options: CallOptions, s: Subject, done: Done): Promise<ChatResponse<TOutput>> {
  let pending: Promise<ChatResponse<TOutput>>;
  try {
    pending = next.chat(request, options);
  } catch (err) {
    pending = Promise.reject(err as Error);
  }
  return pending.then(
    (response) => {
      done(s, response, undefined);
      return response;
    },
    (err: unknown) => {
      done(s, undefined, err);
      throw err;
    },
  );
}

/**
 * The outermost observer: one `call` record per call, as the caller saw it (cache hits,
 * fallback hops and retries included). It hands the call to the attempt observer below it.
 */
export function callMiddleware(recorder: AnalyticsRecorder): Middleware {
  const ids = new RecordIdSource();
  const clock = wallClock();
  return (model) => {
    const subject = (request: ChatRequest<unknown>, streamed: boolean): Subject => {
      const counter = ids.next();
      const id = recordId(ids.prefix, counter);
      return newSubject('call', id, id, { idPrefix: ids.prefix, idCounter: counter, idAttempt: NaN }, 0, model, request, streamed, clock);
    };
    const succeeded = (s: Subject, stream: StreamTiming | undefined, response: ChatResponse<unknown>) => {
      const routed = routingOf(response);
      if (routed) {
        s.provider = routed.provider;
        s.model = routed.model;
      }
      s.attempt = s.attempts;
      recorder.record(buildRecord(s, stream, response, undefined, s.attempts > 0 ? s.attempts - 1 : 0, routed ? routed.hop : 0), s);
    };
    const failed = (s: Subject, stream: StreamTiming | undefined, err: unknown) => {
      const error = toLLMError(err, { provider: model.provider, model: model.modelId });
      const attempts = s.attempts || (Array.isArray(error.details?.attempts) ? error.details.attempts.length : 1);
      s.attempt = attempts;
      recorder.record(buildRecord(s, stream, undefined, error.code, Math.max(0, attempts - 1), failedHops(error.details)), s);
    };
    const scoped = (options: CallOptions, state: CallState): CallOptions => ({ ...options, scope: options.scope ? { ...options.scope, [CALL]: state } : { [CALL]: state } });

    const done: Done = (s, response, err) => (response ? succeeded(s, undefined, response) : failed(s, undefined, err));

    return wrapChatModel(model, {
      chat(request, options, next) {
        const s = subject(request, false);
        return observeChat(next, request, scoped(options, s), s, done);
      },
      streamChat(request, options, next) {
        const s = subject(request, true);
        const timing: StreamTiming = { first: 0, chunks: 0 };
        return observeStream(next.streamChat(request, scoped(options, s)), {
          onStart: () => restart(s, clock),
          onEvent: streamObserver(timing),
          onFinish: (response) => succeeded(s, timing, response),
          onError: (error) => failed(s, timing, error),
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
  const ids = new RecordIdSource();
  const clock = wallClock();
  return (model) => {
    const subject = (request: ChatRequest<unknown>, options: CallOptions, streamed: boolean): Subject => {
      const state = callStateOf(options);
      if (!state) {
        const counter = ids.next();
        const id = recordId(ids.prefix, counter);
        return newSubject('attempt', id, id, { idPrefix: ids.prefix, idCounter: counter, idAttempt: NaN }, 1, model, request, streamed, clock);
      }
      const attempt = ++state.attempts;
      return newSubject('attempt', attemptId(state.id, attempt), state.id, { idPrefix: state.idPrefix, idCounter: state.idCounter, idAttempt: attempt }, attempt, model, request, streamed, clock);
    };
    const code = (err: unknown) => toLLMError(err, { provider: model.provider, model: model.modelId }).code;
    const done: Done = (s, response, err) => recorder.record(buildRecord(s, undefined, response, response ? undefined : code(err), s.attempt - 1, 0), s);
    return wrapChatModel(model, {
      chat(request, options, next) {
        return observeChat(next, request, options, subject(request, options, false), done);
      },
      streamChat(request, options, next) {
        const s = subject(request, options, true);
        const timing: StreamTiming = { first: 0, chunks: 0 };
        return observeStream(next.streamChat(request, options), {
          onStart: () => restart(s, clock),
          onEvent: streamObserver(timing),
          onFinish: (response) => recorder.record(buildRecord(s, timing, response, undefined, s.attempt - 1, 0), s),
          onError: (error) => recorder.record(buildRecord(s, timing, undefined, error.code, s.attempt - 1, 0), s),
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
