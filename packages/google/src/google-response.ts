import type { Candidate, GenerateContentResponse, GenerateContentResponsePromptFeedback, GenerateContentResponseUsageMetadata, SafetyRating } from '@google/genai';
import type { RawToolCall, TransportResponse } from '@llm/core';
import { getRequestId, LLMError } from '@llm/errors';
import type { FinishReason, Usage } from '@llm/schema';
import { randomResponseKey, toolCallId, type ThoughtSignatures } from './google-tool-calls.js';

export interface ResponseContext {
  provider: string;
  model: string;
}

/** Finish reasons that mean Google withheld (part of) the reply. */
export const FILTERED_FINISH_REASONS: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

/**
 * Gemini's `finishReason` → ours. Gemini ends a turn of function calls with STOP, so STOP with
 * calls is `tool_calls`. Filtered and malformed endings never get here: they are errors.
 */
export function mapGeminiFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'STOP':
    case undefined:
      return hasToolCalls ? 'tool_calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'MALFORMED_FUNCTION_CALL':
      return 'error';
    default:
      return FILTERED_FINISH_REASONS.has(reason) ? 'content_filter' : 'other';
  }
}

/**
 * `usageMetadata` → our usage. Gemini counts thoughts apart from the candidates
 * (`candidatesTokenCount` excludes `thoughtsTokenCount`); ours count them in the output.
 */
export function mapGeminiUsage(usage: GenerateContentResponseUsageMetadata): Usage {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const input = (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0);
  const output = (usage.candidatesTokenCount ?? 0) + thoughts;
  const out: Usage = { inputTokens: input, outputTokens: output, totalTokens: usage.totalTokenCount ?? input + output };
  if (usage.cachedContentTokenCount) out.cachedInputTokens = usage.cachedContentTokenCount;
  if (thoughts) out.reasoningTokens = thoughts;
  return out;
}

function blockedCategories(ratings: readonly SafetyRating[] | undefined): string[] {
  const list = ratings ?? [];
  const blocked = list.filter((r) => r.blocked === true);
  const chosen = blocked.length ? blocked : list.filter((r) => r.probability === 'HIGH' || r.probability === 'MEDIUM');
  return chosen.map((r) => String(r.category));
}

/** A blocked prompt (`promptFeedback.blockReason`) as a `content_filtered` LLMError. */
export function promptBlockedError(feedback: GenerateContentResponsePromptFeedback, ctx: ResponseContext, usage?: Usage): LLMError {
  const categories = blockedCategories(feedback.safetyRatings);
  const reason = String(feedback.blockReason);
  const what = categories.length ? `, category ${categories.join(', ')}` : '';
  return new LLMError({
    code: 'content_filtered',
    message: `${ctx.provider} content_filtered: the prompt was blocked (blockReason ${reason}${what})${feedback.blockReasonMessage ? `: ${feedback.blockReasonMessage}` : ''}`,
    provider: ctx.provider,
    model: ctx.model,
    retryable: false,
    details: {
      blockReason: reason,
      categories,
      ...(feedback.safetyRatings ? { safetyRatings: feedback.safetyRatings } : {}),
      ...(usage ? { usage } : {}),
    },
  });
}

/** A reply withheld by a filter (`finishReason` SAFETY, RECITATION, ...) as a `content_filtered` LLMError. */
export function replyFilteredError(candidate: Candidate, ctx: ResponseContext, partialText: string, usage?: Usage): LLMError {
  const reason = String(candidate.finishReason);
  const categories = reason === 'SAFETY' || reason.startsWith('IMAGE_') ? blockedCategories(candidate.safetyRatings) : [];
  const what = categories.length ? `, category ${categories.join(', ')}` : '';
  return new LLMError({
    code: 'content_filtered',
    message: `${ctx.provider} content_filtered: the reply was withheld (finishReason ${reason}${what})${candidate.finishMessage ? `: ${candidate.finishMessage}` : ''}`,
    provider: ctx.provider,
    model: ctx.model,
    retryable: false,
    ...(partialText ? { rawText: partialText } : {}),
    details: {
      finishReason: reason,
      categories,
      ...(candidate.safetyRatings ? { safetyRatings: candidate.safetyRatings } : {}),
      ...(candidate.citationMetadata ? { citationMetadata: candidate.citationMetadata } : {}),
      ...(usage ? { usage } : {}),
    },
  });
}

/** MALFORMED_FUNCTION_CALL: the model tried a call Google could not parse. */
export function malformedCallError(candidate: Candidate, ctx: ResponseContext, usage?: Usage): LLMError {
  return new LLMError({
    code: 'malformed_response',
    message: `${ctx.provider} malformed_response: the model produced a function call Gemini could not parse (finishReason MALFORMED_FUNCTION_CALL)`,
    provider: ctx.provider,
    model: ctx.model,
    rawText: candidate.finishMessage ?? '',
    details: { finishReason: 'MALFORMED_FUNCTION_CALL', ...(usage ? { usage } : {}) },
  });
}

/** Throws the LLMError a candidate's finish reason calls for, if any. */
export function assertCandidateUsable(candidate: Candidate, ctx: ResponseContext, partialText: string, usage?: Usage): void {
  const reason = candidate.finishReason;
  if (reason === undefined) return;
  if (FILTERED_FINISH_REASONS.has(reason)) throw replyFilteredError(candidate, ctx, partialText, usage);
  if (reason === 'MALFORMED_FUNCTION_CALL') throw malformedCallError(candidate, ctx, usage);
}

/** A `generateContent` reply in transport form; blocks and filters become LLMErrors. */
export function fromGenerateContentResponse(response: GenerateContentResponse, ctx: ResponseContext, signatures?: ThoughtSignatures): TransportResponse {
  const usage = response.usageMetadata ? mapGeminiUsage(response.usageMetadata) : undefined;
  const model = response.modelVersion ?? ctx.model;
  const errCtx = { provider: ctx.provider, model };
  if (response.promptFeedback?.blockReason) throw promptBlockedError(response.promptFeedback, errCtx, usage);
  const candidate = response.candidates?.[0];
  if (!candidate) {
    throw new LLMError({
      code: 'malformed_response',
      message: `${ctx.provider} malformed_response: the reply has no candidates`,
      rawText: JSON.stringify({ ...response, sdkHttpResponse: undefined }).slice(0, 2000),
      ...errCtx,
    });
  }
  let text = '';
  let reasoning = '';
  const toolCalls: RawToolCall[] = [];
  const key = response.responseId ?? randomResponseKey();
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) {
      const id = toolCallId(part.functionCall.id, key, toolCalls.length);
      signatures?.remember(id, part.thoughtSignature);
      toolCalls.push({ id, name: part.functionCall.name ?? '', arguments: part.functionCall.args ?? {}, ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) });
    } else if (typeof part.text === 'string') {
      if (part.thought === true) reasoning += part.text;
      else text += part.text;
    }
  }
  assertCandidateUsable(candidate, errCtx, text, usage);
  const out: TransportResponse = {
    model,
    text,
    toolCalls,
    finishReason: mapGeminiFinishReason(candidate.finishReason, toolCalls.length > 0),
    rawFinishReason: candidate.finishReason ?? 'unknown',
  };
  if (response.responseId) out.id = response.responseId;
  if (usage) out.usage = usage;
  if (reasoning) out.reasoning = reasoning;
  const requestId = getRequestId(response.sdkHttpResponse?.headers);
  if (requestId) out.requestId = requestId;
  const metadata: Record<string, unknown> = {};
  if (candidate.finishMessage) metadata.finishMessage = candidate.finishMessage;
  if (candidate.safetyRatings) metadata.safetyRatings = candidate.safetyRatings;
  if (candidate.groundingMetadata) metadata.groundingMetadata = candidate.groundingMetadata;
  if (candidate.citationMetadata) metadata.citationMetadata = candidate.citationMetadata;
  if (Object.keys(metadata).length) out.providerMetadata = metadata;
  return out;
}
