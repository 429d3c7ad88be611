import { toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, Usage } from '@llm/schema';
import { openCallScope, runInContext } from '@llm/tracing';
import type { Logger } from './logger.js';
import { observeStream, safely, wrapChatModel, type Middleware } from '../middleware/index.js';

export interface LoggingMiddlewareOptions {
  logger: Logger;
  /** Log prompt and completion text too (off by default: it may hold personal data). */
  logContent?: boolean;
}

function requestFields(request: ChatRequest<unknown>, logContent: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    messages: request.messages.length,
    tools: request.tools?.length ?? 0,
    maxTokens: request.maxTokens,
    structured: request.output !== undefined,
  };
  if (request.tags) fields.tags = request.tags;
  if (logContent) fields.messagesContent = request.messages;
  return fields;
}

function responseFields(response: ChatResponse<unknown>, logContent: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    responseModel: response.model,
    finishReason: response.finishReason,
    usage: response.usage,
    toolCalls: response.toolCalls.length,
    requestId: response.requestId,
  };
  if (logContent) fields.text = response.text;
  return fields;
}

/**
 * Logs each call: `llm.request` (debug), `llm.response` (info) and `llm.error` (warn), with timings.
 * The request line is written in the caller's context; the outcome line in the context of the
 * span of the attempt that produced it (the last retry, the fallback hop that answered), so its
 * `trace_id`/`span_id` lead to that span even when the caller has no span of its own. (Needs a
 * context manager, as span nesting does; the Node SDK registers one.)
 */
export function loggingMiddleware(options: LoggingMiddlewareOptions): Middleware {
  const { logger } = options;
  const logContent = options.logContent ?? false;
  return (model) => {
    const ctx = { provider: model.provider, model: model.modelId };
    return wrapChatModel(model, {
      async chat(request, callOptions, next) {
        const start = performance.now();
        safely(() => {
          if (logger.isLevelEnabled('debug')) logger.debug('llm.request', { ...ctx, operation: 'chat', ...requestFields(request, logContent) });
        });
        const scope = openCallScope();
        try {
          const response = await runInContext(scope.context, () => next.chat(request, callOptions));
          // A logger that throws loses its line, never the vendor's answer.
          safely(() => {
            if (logger.isLevelEnabled('info')) {
              const fields = { ...ctx, operation: 'chat', durationMs: Math.round(performance.now() - start), ...responseFields(response, logContent) };
              scope.inLatestAttempt(() => logger.info('llm.response', fields));
            }
          });
          return response;
        } catch (err) {
          safely(() => {
            const error = toLLMError(err, ctx);
            const fields = { ...ctx, operation: 'chat', durationMs: Math.round(performance.now() - start), code: error.code, error };
            scope.inLatestAttempt(() => logger.warn('llm.error', fields));
          });
          throw err;
        }
      },
      streamChat(request, callOptions, next) {
        const start = performance.now();
        safely(() => {
          if (logger.isLevelEnabled('debug')) logger.debug('llm.request', { ...ctx, operation: 'stream', ...requestFields(request, logContent) });
        });
        let firstChunkMs: number | undefined;
        // Usage the vendor reported before a failure goes in the error line (it was billed).
        let usage: Usage | undefined;
        const scope = openCallScope();
        const inner = runInContext(scope.context, () => next.streamChat(request, callOptions));
        return observeStream(inner, {
          onEvent: (event) => {
            if (firstChunkMs === undefined) firstChunkMs = Math.round(performance.now() - start);
            if (event.type === 'usage') usage = event.usage;
          },
          onFinish: (response) => {
            if (logger.isLevelEnabled('info')) {
              const fields = { ...ctx, operation: 'stream', durationMs: Math.round(performance.now() - start), firstChunkMs, ...responseFields(response, logContent) };
              scope.inLatestAttempt(() => logger.info('llm.response', fields));
            }
          },
          onError: (error) => {
            const fields = { ...ctx, operation: 'stream', durationMs: Math.round(performance.now() - start), code: error.code, error, ...(usage ? { usage } : {}) };
            scope.inLatestAttempt(() => logger.warn('llm.error', fields));
          },
        });
      },
    });
  };
}
