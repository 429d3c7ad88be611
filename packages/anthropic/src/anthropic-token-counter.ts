import { createEstimateTokenCounter, toTransportRequest, validateChatRequest, withVendorCount, type TokenCounter, type TokenCounterFactory } from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import type Anthropic from '@anthropic-ai/sdk';
import { mapAnthropicError } from './anthropic-error.js';
import { toMessagesBody } from './anthropic-request.js';

/**
 * Claude's tokenizer is not public. Locally a request is estimated (core's `estimateTokens`,
 * calibrated on o200k_base; Claude's tokenizer gives somewhat more tokens for the same text,
 * which the budget's estimate margin absorbs, see docs/cost-and-budgets.md) with Anthropic's framing.
 */
export function createAnthropicEstimateCounter(): TokenCounter {
  return createEstimateTokenCounter({ name: 'anthropic-estimate', framing: { perMessage: 4, perRequest: 4, perTool: 10, toolsOverhead: 300, perImage: 1600 } });
}

/** Asks Anthropic (`POST /v1/messages/count_tokens`) how many input tokens a request has. */
export async function countAnthropicTokens(client: Anthropic, modelId: string, request: ChatRequest<unknown>, signal?: AbortSignal): Promise<number> {
  const { body } = toMessagesBody(toTransportRequest(validateChatRequest(request)), { modelId });
  const params: Anthropic.Messages.MessageCountTokensParams = { model: body.model, messages: body.messages };
  if (body.system !== undefined) params.system = body.system;
  if (body.tools !== undefined) params.tools = body.tools;
  if (body.tool_choice !== undefined) params.tool_choice = body.tool_choice;
  if (body.thinking !== undefined) params.thinking = body.thinking;
  try {
    const result = await client.messages.countTokens(params, signal ? { signal } : undefined);
    return result.input_tokens;
  } catch (err) {
    throw mapAnthropicError(err, { provider: 'anthropic', model: modelId });
  }
}

/**
 * The token counter of a Claude model: the vendor's count endpoint when the caller allows a
 * network call (`{ allowNetwork: true }`, or `cost.countTokens: vendor`), else the estimate.
 * Vendor counts are cached by request.
 */
export function createAnthropicTokenCounter(client: Anthropic, modelId: string): TokenCounter {
  return withVendorCount(createAnthropicEstimateCounter(), (request, signal) => countAnthropicTokens(client, modelId, request, signal));
}

/** One counter per model id over one SDK client (what the factory hands the client). */
export function anthropicTokenCounterFactory(client: Anthropic): TokenCounterFactory {
  const counters = new Map<string, TokenCounter>();
  return (modelId) => {
    let counter = counters.get(modelId);
    if (!counter) counters.set(modelId, (counter = createAnthropicTokenCounter(client, modelId)));
    return counter;
  };
}
