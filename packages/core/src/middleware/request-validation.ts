import { toLLMError } from '@llm/errors';
import type { ChatRequest } from '@llm/schema';
import { chatModelFrom, failedStream, validateCallOptions, validateChatRequest, type CallOptions } from '../model/index.js';
import type { Middleware } from './middleware.js';

/**
 * Validates each request and its call options where the call enters the stack this middleware
 * tops: a caller's mistake (`chat({})`, `messages: 'hello'`, `tools: [null]`, a header with a line
 * break, a cyclic tool result) is a local `invalid_request` before any middleware reads the
 * request, so a logger, a budget, a rate limiter or the cache never meet it, nothing is retried
 * and the circuit breaker counts nothing. The validated copy is recognised by the model below, so
 * a call is validated once. The client puts it outermost; put it first in a stack of your own.
 */
export function requestValidationMiddleware(): Middleware {
  return (model) => {
    const { provider, modelId } = model;
    const ctx = { provider, model: modelId };
    const check = <TOutput>(request: ChatRequest<TOutput>, options: CallOptions | undefined): ChatRequest<TOutput> => {
      const valid = validateChatRequest(request);
      validateCallOptions(options, ctx);
      return valid;
    };
    return chatModelFrom({
      provider,
      modelId,
      chat: (request, options) => {
        let valid;
        try {
          valid = check(request, options);
        } catch (err) {
          return Promise.reject(toLLMError(err, ctx));
        }
        return model.chat(valid, options);
      },
      streamChat: (request, options) => {
        let valid;
        try {
          valid = check(request, options);
        } catch (err) {
          return failedStream(toLLMError(err, ctx), provider, modelId);
        }
        return model.streamChat(valid, options);
      },
    });
  };
}
