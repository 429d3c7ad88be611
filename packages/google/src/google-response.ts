import type { Candidate, GenerateContentResponse, GenerateContentResponsePromptFeedback, GenerateContentResponseUsageMetadata, Part, SafetyRating } from '@google/genai';
import { isReplyObject, malformedReply, rawReplyText, replyCount, replyList, replyObject, replyString, type RawToolCall, type ReplyContext, type TransportResponse } from '@llm/core';
import { getRequestId, LLMError } from '@llm/errors';
import type { FinishReason, Usage } from '@llm/schema';
import { randomResponseKey, toolCallId, type ThoughtSignatures } from './google-tool-calls.js';

export type ResponseContext = ReplyContext & { model: string };

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
export function mapGeminiUsage(usage: GenerateContentResponseUsageMetadata, ctx: ReplyContext, raw: unknown = usage): Usage {
  if (!isReplyObject(usage)) throw malformedReply(ctx, 'usageMetadata', 'an object', usage, raw);
  const count = (key: 'thoughtsTokenCount' | 'promptTokenCount' | 'toolUsePromptTokenCount' | 'candidatesTokenCount' | 'totalTokenCount' | 'cachedContentTokenCount') =>
    replyCount(usage[key], `usageMetadata.${key}`, ctx, raw);
  const thoughts = count('thoughtsTokenCount') ?? 0;
  const input = (count('promptTokenCount') ?? 0) + (count('toolUsePromptTokenCount') ?? 0);
  const output = (count('candidatesTokenCount') ?? 0) + thoughts;
  const out: Usage = { inputTokens: input, outputTokens: output, totalTokens: count('totalTokenCount') ?? input + output };
  const cached = count('cachedContentTokenCount');
  if (cached) out.cachedInputTokens = cached;
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

/** A reply's first candidate, checked (`candidates: "x"` is malformed, not an empty success); undefined when there is none. */
export function firstCandidate(response: Pick<GenerateContentResponse, 'candidates'>, ctx: ReplyContext, raw: unknown): Candidate | undefined {
  const candidates = replyList(response.candidates, 'candidates', ctx, raw);
  const candidate = candidates?.[0];
  if (candidate === undefined) return undefined;
  if (!isReplyObject(candidate)) throw malformedReply(ctx, 'candidates[0]', 'a candidate', candidate, raw);
  replyString(candidate.finishReason, 'candidates[0].finishReason', ctx, raw);
  return candidate;
}

/** A candidate's parts, each checked where we read it: text is text, a function call is an object naming its function. */
export function candidateParts(candidate: Candidate, ctx: ReplyContext, raw: unknown): Part[] {
  const content = replyObject(candidate.content, 'candidates[0].content', ctx, raw);
  const parts = replyList(content?.parts, 'candidates[0].content.parts', ctx, raw);
  if (!parts) return [];
  for (let i = 0; i < parts.length; i++) {
    const field = `candidates[0].content.parts[${i}]`;
    const part = parts[i];
    if (!isReplyObject(part)) throw malformedReply(ctx, field, 'a part', part, raw);
    replyString(part.text, `${field}.text`, ctx, raw);
    replyString(part.thoughtSignature, `${field}.thoughtSignature`, ctx, raw);
    const call = replyObject(part.functionCall, `${field}.functionCall`, ctx, raw);
    if (call) {
      replyString(call.name, `${field}.functionCall.name`, ctx, raw);
      replyString(call.id, `${field}.functionCall.id`, ctx, raw);
      replyObject(call.args, `${field}.functionCall.args`, ctx, raw);
      replyList(call.partialArgs, `${field}.functionCall.partialArgs`, ctx, raw);
    }
  }
  return parts as Part[];
}

/** The reply without the SDK's own additions, as an error's raw text shows it. */
export function rawReply(response: GenerateContentResponse): unknown {
  return isReplyObject(response) ? { ...response, sdkHttpResponse: undefined } : response;
}

/** A `generateContent` reply in transport form; blocks and filters become LLMErrors. */
export function fromGenerateContentResponse(response: GenerateContentResponse, ctx: ResponseContext, signatures?: ThoughtSignatures): TransportResponse {
  const raw = rawReply(response);
  if (!isReplyObject(response)) throw malformedReply(ctx, 'body', 'a generateContent reply', response, raw);
  const model = replyString(response.modelVersion, 'modelVersion', ctx, raw) ?? ctx.model;
  const errCtx = { provider: ctx.provider, model };
  const usage = response.usageMetadata ? mapGeminiUsage(response.usageMetadata, errCtx, raw) : undefined;
  if (response.promptFeedback?.blockReason) throw promptBlockedError(response.promptFeedback, errCtx, usage);
  const candidate = firstCandidate(response, errCtx, raw);
  if (!candidate) {
    throw new LLMError({ code: 'malformed_response', message: `${ctx.provider} malformed_response: the reply has no candidates`, rawText: rawReplyText(raw), ...errCtx });
  }
  const responseId = replyString(response.responseId, 'responseId', errCtx, raw);
  let text = '';
  let reasoning = '';
  const toolCalls: RawToolCall[] = [];
  const key = responseId ?? randomResponseKey();
  for (const part of candidateParts(candidate, errCtx, raw)) {
    if (part.functionCall) {
      const name = part.functionCall.name;
      if (!name) throw malformedReply(errCtx, 'candidates[0].content.parts[].functionCall.name', 'a function name', name, raw);
      const id = toolCallId(part.functionCall.id, key, toolCalls.length);
      signatures?.remember(id, part.thoughtSignature);
      toolCalls.push({ id, name, arguments: part.functionCall.args ?? {}, ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) });
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
  if (responseId) out.id = responseId;
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
