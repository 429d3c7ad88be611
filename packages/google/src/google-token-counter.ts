import { createEstimateTokenCounter, toTransportRequest, toolText, validateChatRequest, withVendorCount, type TokenCounter, type TokenCounterFactory } from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import type { Content, GoogleGenAI } from '@google/genai';
import { mapGoogleError } from './google-error.js';
import { toGeminiMessages } from './google-messages.js';

/**
 * Gemini's tokenizer is not public. Locally a request is estimated (core's `estimateTokens`,
 * calibrated on o200k_base) with Gemini-like framing; see docs/cost-and-budgets.md for its error.
 */
export function createGoogleEstimateCounter(): TokenCounter {
  return createEstimateTokenCounter({ name: 'gemini-estimate', framing: { perMessage: 3, perRequest: 0, perTool: 8, toolsOverhead: 10, perImage: 258 } });
}

/**
 * Asks Gemini (`models/{model}:countTokens`) how many input tokens a request has. The SDK's
 * Gemini API mode takes `contents` only, so the system instruction and the tool declarations are
 * counted as leading text contents: their count can differ from the billed one by a few tokens
 * of framing.
 */
export async function countGoogleTokens(client: GoogleGenAI, modelId: string, request: ChatRequest<unknown>, signal?: AbortSignal): Promise<number> {
  const valid = toTransportRequest(validateChatRequest(request));
  const { contents, systemInstruction } = toGeminiMessages(valid.messages, { provider: 'google', model: modelId });
  const extra: Content[] = [];
  if (systemInstruction) extra.push({ role: 'user', parts: systemInstruction.parts ?? [] });
  if (request.tools?.length) extra.push({ role: 'user', parts: [{ text: request.tools.map(toolText).join('\n') }] });
  try {
    const result = await client.models.countTokens({ model: modelId, contents: [...extra, ...contents], ...(signal ? { config: { abortSignal: signal } } : {}) });
    return result.totalTokens ?? 0;
  } catch (err) {
    throw mapGoogleError(err, { provider: 'google', ...(signal ? { signal } : {}) });
  }
}

/** The token counter of a Gemini model: the vendor's count endpoint when the network is allowed, else the estimate. */
export function createGoogleTokenCounter(client: GoogleGenAI, modelId: string): TokenCounter {
  return withVendorCount(createGoogleEstimateCounter(), (request, signal) => countGoogleTokens(client, modelId, request, signal));
}

/** One counter per model id over one SDK client (what the factory hands the client). */
export function googleTokenCounterFactory(client: GoogleGenAI): TokenCounterFactory {
  const counters = new Map<string, TokenCounter>();
  return (modelId) => {
    let counter = counters.get(modelId);
    if (!counter) counters.set(modelId, (counter = createGoogleTokenCounter(client, modelId)));
    return counter;
  };
}
