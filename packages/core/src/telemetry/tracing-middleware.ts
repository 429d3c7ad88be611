import { LLMError, toLLMError } from '@llm/errors';
import { resolveGenAiSemconv, type ChatRequest, type GenAiSemconv, type StreamEvent, type Usage } from '@llm/schema';
import {
  activeContext,
  contextWithInferenceSpan,
  endChatSpan,
  failChatSpan,
  markFirstChunk,
  noteAttemptSpan,
  runInContext,
  startChatSpan,
  tracerResolver,
  type ChatSpanInfo,
  type SystemInstructionsPlacement,
} from '@llm/tracing';
import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { ChatStream, type CallOptions, type ChatModel } from '../model/index.js';
import { wrapChatModel, type Middleware } from '../middleware/index.js';

export interface TracingMiddlewareOptions {
  /** The tracer to record with; else `tracerProvider`; else the global provider (nothing is recorded until an SDK registers one). */
  tracer?: Tracer;
  tracerProvider?: TracerProvider;
  /** Record prompt and completion content on the span (`gen_ai.input.messages`...). Off by default: it may hold personal data. */
  recordContent?: boolean;
  /** The vendor's base URL, for `server.address` / `server.port`. */
  serverUrl?: string;
  /** Strings (API keys) masked wherever they would appear in recorded content. */
  secrets?: readonly string[];
  /**
   * Which GenAI convention names to record where they were renamed: `established` (v1.41.1),
   * `latest` (semantic-conventions-genai) or `both`. By default what `OTEL_SEMCONV_STABILITY_OPT_IN`
   * asks for (`gen_ai_latest_experimental`, `gen_ai_latest_experimental/dup`), else `established`.
   */
  semconv?: GenAiSemconv;
  /**
   * Where the provider's API takes system messages, for recorded content: `separate` (recorded as
   * `gen_ai.system_instructions`) or `in-history` (in `gen_ai.input.messages`). Known for the
   * conventions' providers (Anthropic, Gemini: separate; OpenAI-compatible: in history); set it for
   * a provider of your own.
   */
  systemInstructions?: SystemInstructionsPlacement;
}

/** `server.address` and `server.port` of a base URL (the scheme's default port when none is given). */
export function serverOf(url: string | undefined): { serverAddress?: string; serverPort?: number } {
  if (!url) return {};
  try {
    const u = new URL(url);
    const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : undefined;
    return port === undefined ? { serverAddress: u.hostname } : { serverAddress: u.hostname, serverPort: port };
  } catch {
    return {};
  }
}

/** Content chunks of a stream (what `time_to_first_chunk` and `time_per_output_chunk` measure). */
export function isOutputChunk(event: StreamEvent<unknown>): boolean {
  return event.type === 'text-delta' || event.type === 'reasoning-delta' || event.type === 'tool-call-delta';
}

/**
 * One CLIENT inference span per logical call, by the OpenTelemetry GenAI conventions:
 * `chat gpt-4o-mini`, request settings, response id/model/finish reasons, token usage; a stream's
 * span covers the whole stream and marks its first chunk; a failure sets status ERROR and
 * `error.type` to the LLMError code. The call runs with its span active, so HTTP spans and log
 * lines below it nest and correlate. Place it outside retry (and inside fallback): the span then
 * covers the call with its retries, the retry middleware adds an `llm.retry` event for each
 * attempt that failed and was retried, and only the call's outcome sets the span's status; each
 * fallback hop is its own span. Without a tracer and with no SDK registered globally, calls go
 * straight through.
 */
export function tracingMiddleware(options: TracingMiddlewareOptions = {}): Middleware {
  const resolveTracer = tracerResolver({
    ...(options.tracer ? { tracer: options.tracer } : {}),
    ...(options.tracerProvider ? { tracerProvider: options.tracerProvider } : {}),
  });
  const spanOptions = { recordContent: options.recordContent ?? false, secrets: options.secrets ?? [], semconv: resolveGenAiSemconv(options.semconv) };
  const server = serverOf(options.serverUrl);

  return (model) => {
    const ctx = { provider: model.provider, model: model.modelId };
    // One info object per model and mode: the span name and shared attributes are derived once per object.
    const chatInfo: ChatSpanInfo = {
      operation: 'chat',
      provider: model.provider,
      requestModel: model.modelId,
      stream: false,
      ...server,
      ...(options.systemInstructions ? { systemInstructions: options.systemInstructions } : {}),
    };
    const streamInfo: ChatSpanInfo = { ...chatInfo, stream: true };

    return wrapChatModel(model, {
      async chat(request, callOptions, next) {
        const tracer = resolveTracer();
        if (!tracer) return next.chat(request, callOptions);
        const span = startChatSpan(tracer, chatInfo, request, spanOptions);
        noteAttemptSpan(span);
        try {
          const response = await runInContext(contextWithInferenceSpan(span), () => next.chat(request, callOptions));
          endChatSpan(span, response, spanOptions);
          return response;
        } catch (err) {
          failChatSpan(span, toLLMError(err, ctx));
          throw err;
        }
      },

      streamChat<TOutput>(request: ChatRequest<TOutput>, callOptions: CallOptions, next: ChatModel): ChatStream<TOutput> {
        const tracer = resolveTracer();
        if (!tracer) return next.streamChat(request, callOptions);
        const parent = activeContext();
        // A hand-written iterator (no async generator per chunk). The span starts when the stream is
        // read (that is when the vendor is called), and the inner stream is made and read with the span
        // active, so HTTP spans and log lines of the call (the last one is written inside the final pull)
        // nest under it.
        return new ChatStream<TOutput>(
          (signal) => {
            let span: ReturnType<typeof startChatSpan> | undefined;
            let spanContext: ReturnType<typeof contextWithInferenceSpan> | undefined;
            let inner: ChatStream<TOutput> | undefined;
            let iterator: AsyncIterator<StreamEvent<TOutput>> | undefined;
            let start = 0;
            let ended = false;
            let first = true;
            // Usage the vendor reported before a failure is recorded on the failed span (it was billed).
            let usage: Usage | undefined;
            const onAbort = () => inner?.abort(signal.reason);
            const finish = () => {
              ended = true;
              signal.removeEventListener('abort', onAbort);
            };
            const begin = (): AsyncIterator<StreamEvent<TOutput>> => {
              start = performance.now();
              span = startChatSpan(tracer, streamInfo, request, { ...spanOptions, parent });
              noteAttemptSpan(span, parent);
              const active = contextWithInferenceSpan(span, parent);
              spanContext = active;
              signal.addEventListener('abort', onAbort, { once: true });
              const stream = runInContext(active, () => next.streamChat(request, callOptions));
              inner = stream;
              if (signal.aborted) stream.abort(signal.reason);
              return runInContext(active, () => stream[Symbol.asyncIterator]());
            };
            const step = (result: IteratorResult<StreamEvent<TOutput>>): IteratorResult<StreamEvent<TOutput>> => {
              if (result.done) return result;
              const event = result.value;
              if (event.type === 'usage') usage = event.usage;
              if (first && isOutputChunk(event)) {
                first = false;
                markFirstChunk(span!, performance.now() - start);
              }
              if (event.type === 'finish' && !ended) {
                finish();
                endChatSpan(span!, event.response, spanOptions);
              }
              return result;
            };
            const fail = (err: unknown): never => {
              if (!ended && span) {
                finish();
                failChatSpan(span, toLLMError(err, ctx), usage, spanOptions);
              }
              throw err;
            };
            const pull = () => iterator!.next();
            return {
              [Symbol.asyncIterator]: () => ({
                next: () => {
                  let pending: Promise<IteratorResult<StreamEvent<TOutput>>>;
                  try {
                    iterator ??= begin();
                    pending = runInContext(spanContext!, pull);
                  } catch (err) {
                    pending = Promise.reject(err);
                  }
                  return pending.then(step, fail);
                },
                return: async () => {
                  if (!ended && span) {
                    finish();
                    failChatSpan(span, new LLMError({ code: 'canceled', message: 'the stream was closed before it finished', ...ctx, local: true }), usage, spanOptions);
                  }
                  try {
                    await iterator?.return?.();
                  } catch {
                    // The inner stream's clean-up failing does not change the outcome.
                  }
                  return { done: true as const, value: undefined };
                },
              }),
            };
          },
          { provider: model.provider, modelId: model.modelId },
        );
      },
    });
  };
}
