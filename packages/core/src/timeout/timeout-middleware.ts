import { LLMError } from '@llm/errors';
import type { StreamEvent } from '@llm/schema';
import { linkSignal, type ChatStream, type TimeoutSettings } from '../model/index.js';
import { observeStream, wrapChatModel, type Middleware } from '../middleware/index.js';

export type { TimeoutSettings };

export type TimeoutKind = keyof TimeoutSettings;

export type TimeoutMiddlewareOptions = TimeoutSettings;

/** The `timeout` LLMError (retryable) that a limit gives; `details` say which limit it was. */
export function timeoutError(kind: TimeoutKind, limitMs: number, provider: string, model: string): LLMError {
  const what =
    kind === 'total'
      ? `the call took longer than ${limitMs}ms (total timeout)`
      : kind === 'firstChunk'
        ? `no first chunk within ${limitMs}ms (first-chunk timeout)`
        : `no chunk for ${limitMs}ms (idle timeout)`;
  return new LLMError({ code: 'timeout', message: `${provider}:${model}: ${what}`, provider, model, details: { timeout: kind, limitMs } });
}

function pick(call: TimeoutSettings | undefined, defaults: TimeoutSettings, key: TimeoutKind): number | undefined {
  const value = call?.[key] ?? defaults[key];
  return value !== undefined && value > 0 && Number.isFinite(value) ? value : undefined;
}

/**
 * Puts a stream under the three limits, without a layer of its own: a passed limit aborts the
 * stream with a `timeout` error, which it ends with. The clocks start when the stream is read. The idle limit counts the vendor's silence: it
 * starts with the first thing the vendor sends (an event, or a part that carries none, such as a
 * role-only chunk, seen through `CallOptions.onActivity`), is reset by each, and runs only while
 * the caller waits for the next event (a slow reader is not a slow vendor).
 */
function timedStream<TOutput>(
  open: (onActivity: (() => void) | undefined) => ChatStream<TOutput>,
  limits: TimeoutSettings,
  provider: string,
  modelId: string,
): ChatStream<TOutput> {
  const { total, firstChunk, idle } = limits;
  let fired: LLMError | undefined;
  let totalTimer: ReturnType<typeof setTimeout> | undefined;
  let firstTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let gotFirst = false;
  /** The vendor has sent something: the idle clock runs from now on. */
  let heard = false;
  let pending = false;
  let waitingSince = 0;
  const cleanup = () => {
    clearTimeout(totalTimer);
    clearTimeout(firstTimer);
    clearTimeout(idleTimer);
    idleTimer = undefined;
  };
  const fire = (kind: TimeoutKind, ms: number) => {
    if (fired) return;
    fired = timeoutError(kind, ms, provider, modelId);
    cleanup();
    stream.abort(fired);
  };
  const checkIdle = () => {
    idleTimer = undefined;
    if (!pending || idle === undefined || fired) return;
    const waited = performance.now() - waitingSince;
    // Timers may run a fraction of a millisecond early.
    if (waited >= idle - 1) fire('idle', idle);
    else idleTimer = setTimeout(checkIdle, idle - waited);
  };
  const armIdle = () => {
    if (idle !== undefined && idleTimer === undefined && !fired) idleTimer = setTimeout(checkIdle, idle);
  };
  // Only the idle limit needs to hear of the vendor's chunks between events.
  const onActivity =
    idle === undefined
      ? undefined
      : () => {
          heard = true;
          if (pending) {
            waitingSince = performance.now();
            armIdle();
          }
        };
  const stream = open(onActivity);
  const done = () => {
    pending = false;
    cleanup();
  };
  // Only the hooks the limits need: with a total limit alone, nothing runs per event or per pull.
  return observeStream(stream, {
    // The clocks start when the stream is read, after the layers outside this one let it through.
    onStart: () => {
      if (total !== undefined) totalTimer = setTimeout(() => fire('total', total), total);
      if (firstChunk !== undefined) firstTimer = setTimeout(() => fire('firstChunk', firstChunk), firstChunk);
    },
    ...(idle === undefined
      ? {}
      : {
          onPull: () => {
            pending = true;
            if (heard) {
              waitingSince = performance.now();
              armIdle();
            }
          },
        }),
    ...(idle === undefined && firstChunk === undefined
      ? {}
      : {
          onEvent: (event: StreamEvent<TOutput>) => {
            pending = false;
            if (event.type === 'finish') cleanup();
            else if (!gotFirst) {
              gotFirst = true;
              heard = true;
              clearTimeout(firstTimer);
            }
          },
        }),
    onFinish: done,
    onError: done,
  });
}

/**
 * Enforces the total time of a call, the time to a stream's first chunk and the idle time between
 * its chunks. A limit that passes aborts the HTTP request (the signal passed down; `stream.abort()`)
 * and ends the call with a retryable `timeout` LLMError. `CallOptions.timeouts` overrides per call.
 */
export function timeoutMiddleware(options: TimeoutMiddlewareOptions = {}): Middleware {
  const defaults: TimeoutSettings = { ...options };
  return (model) => {
    const { provider, modelId } = model;
    return wrapChatModel(model, {
      async chat(request, callOptions, next) {
        const total = pick(callOptions.timeouts, defaults, 'total');
        if (total === undefined || callOptions.signal?.aborted) return next.chat(request, callOptions);
        const controller = new AbortController();
        const unlink = linkSignal(callOptions.signal, controller);
        let timer: ReturnType<typeof setTimeout> | undefined;
        let fired: LLMError | undefined;
        const timedOut = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            fired = timeoutError('total', total, provider, modelId);
            controller.abort(fired);
            reject(fired);
          }, total);
        });
        try {
          return await Promise.race([next.chat(request, { ...callOptions, signal: controller.signal }), timedOut]);
        } catch (err) {
          throw fired ?? err;
        } finally {
          clearTimeout(timer);
          unlink();
        }
      },
      streamChat(request, callOptions, next) {
        const total = pick(callOptions.timeouts, defaults, 'total');
        const firstChunk = pick(callOptions.timeouts, defaults, 'firstChunk');
        const idle = pick(callOptions.timeouts, defaults, 'idle');
        if (total === undefined && firstChunk === undefined && idle === undefined) return next.streamChat(request, callOptions);
        return timedStream(
          (onActivity) => {
            // An outer layer listening for the vendor's chunks keeps hearing of them.
            const outer = callOptions.onActivity;
            if (!onActivity) return next.streamChat(request, callOptions);
            return next.streamChat(request, { ...callOptions, onActivity: outer ? () => (onActivity(), outer()) : onActivity });
          },
          { total, firstChunk, idle },
          provider,
          modelId,
        );
      },
    });
  };
}
