import { toLLMError, type LLMErrorCode } from '@llm/errors';
import type { GenAiSemconv, Usage } from '@llm/schema';
import { createOtelMetricsRecorder, noopMetricsRecorder, type CallAttributes, type MetricsRecorder } from '@llm/metrics';
import type { Meter, MeterProvider } from '@opentelemetry/api';
import { observeStream, wrapChatModel, type Middleware } from '../middleware/index.js';
import { isOutputChunk, serverOf } from './tracing-middleware.js';

export interface MetricsMiddlewareOptions {
  /** Where measurements go; by default an OpenTelemetry recorder on `meter`, `meterProvider` or the global provider. */
  recorder?: MetricsRecorder;
  meter?: Meter;
  meterProvider?: MeterProvider;
  /** For the default recorder: which GenAI metric names to record (see `createOtelMetricsRecorder`). */
  semconv?: GenAiSemconv;
  /** The vendor's base URL, for `server.address` / `server.port`. */
  serverUrl?: string;
}

/**
 * Measures each vendor call: GenAI duration, token usage, time to first chunk and per chunk for
 * streams, and the `llm.*` request, error, active-call and cost metrics. When the recorder is
 * disabled (no-op, or no OpenTelemetry SDK installed) calls go straight through; per chunk it
 * takes one `performance.now()` and allocates nothing.
 */
export function metricsMiddleware(options: MetricsMiddlewareOptions = {}): Middleware {
  const recorder =
    options.recorder ??
    createOtelMetricsRecorder({
      ...(options.meter ? { meter: options.meter } : {}),
      ...(options.meterProvider ? { meterProvider: options.meterProvider } : {}),
      ...(options.semconv ? { semconv: options.semconv } : {}),
    });
  if (recorder === noopMetricsRecorder) return (model) => model;
  const enabled = () => recorder.isEnabled?.() ?? true;
  const server = serverOf(options.serverUrl);

  return (model) => {
    const ctx = { provider: model.provider, model: model.modelId };
    // One attributes object per model and mode: the recorder derives its attribute sets once per object.
    const chatAttrs: CallAttributes = { operation: 'chat', provider: model.provider, requestModel: model.modelId, stream: false, ...server };
    const streamAttrs: CallAttributes = { ...chatAttrs, stream: true };
    const codeOf = (err: unknown): LLMErrorCode => toLLMError(err, ctx).code;

    return wrapChatModel(model, {
      async chat(request, callOptions, next) {
        if (!enabled()) return next.chat(request, callOptions);
        recorder.callStarted(chatAttrs);
        const start = performance.now();
        try {
          const response = await next.chat(request, callOptions);
          const durationMs = performance.now() - start;
          // A reply served from a cache was not billed: its tokens are not usage.
          recorder.callEnded(chatAttrs, response.cached ? { durationMs, responseModel: response.model } : { durationMs, responseModel: response.model, usage: response.usage });
          return response;
        } catch (err) {
          recorder.callEnded(chatAttrs, { durationMs: performance.now() - start, errorCode: codeOf(err) });
          throw err;
        }
      },

      streamChat(request, callOptions, next) {
        if (!enabled()) return next.streamChat(request, callOptions);
        // An observer on the stream itself: no layer per chunk, one timestamp per output chunk. The
        // chunk timings carry gen_ai.response.model, which the vendor names in its reply: they are
        // kept (one number per chunk) and recorded when the stream ends.
        const attrs = streamAttrs;
        let start = 0;
        let last = -1;
        let firstChunkMs = -1;
        const gapsMs: number[] = [];
        // Usage the vendor reported before a stream failed is still recorded (latest conventions).
        let usageSeen: Usage | undefined;
        const recordChunks = (responseModel: string | undefined) => {
          if (firstChunkMs < 0) return;
          recorder.timeToFirstChunk(attrs, firstChunkMs, responseModel);
          for (const gap of gapsMs) recorder.timePerOutputChunk(attrs, gap, responseModel);
        };
        return observeStream(next.streamChat(request, callOptions), {
          onStart: () => {
            recorder.callStarted(attrs);
            start = performance.now();
          },
          onEvent: (event) => {
            if (event.type === 'usage') usageSeen = event.usage;
            if (!isOutputChunk(event)) return;
            const now = performance.now();
            if (last < 0) firstChunkMs = now - start;
            else gapsMs.push(now - last);
            last = now;
          },
          onFinish: (response) => {
            const durationMs = performance.now() - start;
            recordChunks(response.model);
            recorder.callEnded(attrs, response.cached ? { durationMs, responseModel: response.model } : { durationMs, responseModel: response.model, usage: response.usage });
          },
          onError: (error) => {
            if (start === 0) recorder.callStarted(attrs);
            recordChunks(undefined);
            const durationMs = start === 0 ? 0 : performance.now() - start;
            recorder.callEnded(attrs, usageSeen ? { durationMs, errorCode: error.code, usage: usageSeen } : { durationMs, errorCode: error.code });
          },
        });
      },
    });
  };
}
