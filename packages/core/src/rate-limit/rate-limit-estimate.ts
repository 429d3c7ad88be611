import type { ChatRequest } from '@llm/schema';

/** Estimates a request's tokens before it is sent (the rate limiter reserves this many). */
export type TokenEstimator = (request: ChatRequest<unknown>) => number;

/** What a request may produce when it sets no `maxTokens`: a deliberately modest guess, reconciled afterwards. */
export const DEFAULT_OUTPUT_TOKEN_ESTIMATE = 1024;

/**
 * A rough, dependency-free estimate: the characters of the messages' JSON divided by 4 (the
 * common rule of thumb for English text with BPE tokenizers), plus the request's `maxTokens`
 * (or {@link DEFAULT_OUTPUT_TOKEN_ESTIMATE}). The limiter reconciles it with the vendor's real
 * usage once the call ends, so the estimate only decides how early a call may start. Pass a real
 * tokenizer through the rate limiter's `estimateTokens` option for a closer figure.
 */
export function estimateRequestTokens(request: ChatRequest<unknown>): number {
  let chars = 0;
  for (const message of request.messages) chars += JSON.stringify(message).length;
  if (request.tools) for (const tool of request.tools) chars += tool.name.length + (tool.description?.length ?? 0) + 200;
  return Math.ceil(chars / 4) + (request.maxTokens ?? DEFAULT_OUTPUT_TOKEN_ESTIMATE);
}
