import { LLMError } from '@llm/errors';
import { isReplyObject, malformedReply, rawReplyText, replyCount, replyList, replyObject, replyString, type RawToolCall, type ReplyContext, type TransportResponse } from '@llm/core';
import type { FinishReason, Usage } from '@llm/schema';
import type OpenAI from 'openai';

type CompletionUsage = OpenAI.Completions.CompletionUsage;

/** Chat Completions `finish_reason` → our finish reason. */
export function mapOpenAIFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}

/**
 * Chat Completions `usage` → our usage (cached and reasoning tokens included). Every count is
 * checked: a vendor's `"many"` is a `malformed_response`, never a token count.
 */
export function mapOpenAIUsage(usage: CompletionUsage, ctx: ReplyContext, raw: unknown = usage): Usage {
  if (!isReplyObject(usage)) throw malformedReply(ctx, 'usage', 'an object', usage, raw);
  const input = replyCount(usage.prompt_tokens, 'usage.prompt_tokens', ctx, raw) ?? 0;
  const output = replyCount(usage.completion_tokens, 'usage.completion_tokens', ctx, raw) ?? 0;
  const out: Usage = { inputTokens: input, outputTokens: output, totalTokens: replyCount(usage.total_tokens, 'usage.total_tokens', ctx, raw) ?? input + output };
  const promptDetails = usage.prompt_tokens_details;
  const cached = promptDetails ? replyCount(replyObject(promptDetails, 'usage.prompt_tokens_details', ctx, raw)?.cached_tokens, 'usage.prompt_tokens_details.cached_tokens', ctx, raw) : undefined;
  if (cached) out.cachedInputTokens = cached;
  const completionDetails = usage.completion_tokens_details;
  const reasoning = completionDetails
    ? replyCount(replyObject(completionDetails, 'usage.completion_tokens_details', ctx, raw)?.reasoning_tokens, 'usage.completion_tokens_details.reasoning_tokens', ctx, raw)
    : undefined;
  if (reasoning) out.reasoningTokens = reasoning;
  return out;
}

/** Reasoning text as compatible vendors send it (`reasoning` on Groq/OpenRouter, `reasoning_content` on DeepSeek). */
export function readReasoning(message: object, ctx: ReplyContext, raw: unknown, field: string): string | undefined {
  const m = message as { reasoning?: unknown; reasoning_content?: unknown };
  const r = m.reasoning !== undefined && m.reasoning !== null ? replyString(m.reasoning, `${field}.reasoning`, ctx, raw) : replyString(m.reasoning_content, `${field}.reasoning_content`, ctx, raw);
  return r ? r : undefined;
}

export type ResponseContext = ReplyContext & { model: string };

type ToolCallJson = { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } | null };

/** A message's `tool_calls`, checked: each function call with its id, name and JSON arguments as text. */
function readToolCalls(value: unknown, ctx: ResponseContext, raw: unknown): RawToolCall[] {
  const list = replyList(value, 'choices[0].message.tool_calls', ctx, raw);
  if (!list) return [];
  const out: RawToolCall[] = [];
  for (let i = 0; i < list.length; i++) {
    const field = `choices[0].message.tool_calls[${i}]`;
    const call = replyObject(list[i], field, ctx, raw) as ToolCallJson | undefined;
    if (!call || (call.type !== undefined && call.type !== 'function')) continue;
    const fn = replyObject(call.function, `${field}.function`, ctx, raw);
    const name = replyString(fn?.name, `${field}.function.name`, ctx, raw);
    if (!name) throw malformedReply(ctx, `${field}.function.name`, 'a tool name', fn?.name, raw);
    out.push({ id: replyString(call.id, `${field}.id`, ctx, raw) ?? '', name, arguments: replyString(fn?.arguments, `${field}.function.arguments`, ctx, raw) ?? '' });
  }
  return out;
}

/** The fields a completion and its chunks share, each checked: id, model, created, fingerprint, service tier. */
export function readEnvelope(
  payload: { id?: unknown; model?: unknown; created?: unknown; system_fingerprint?: unknown; service_tier?: unknown },
  ctx: ReplyContext,
): Pick<TransportResponse, 'id' | 'model' | 'created' | 'systemFingerprint' | 'serviceTier'> {
  const out: Pick<TransportResponse, 'id' | 'model' | 'created' | 'systemFingerprint' | 'serviceTier'> = {};
  const id = replyString(payload.id, 'id', ctx, payload);
  if (id !== undefined) out.id = id;
  const model = replyString(payload.model, 'model', ctx, payload);
  if (model !== undefined) out.model = model;
  const created = replyCount(payload.created, 'created', ctx, payload);
  if (created !== undefined) out.created = created;
  const fingerprint = replyString(payload.system_fingerprint, 'system_fingerprint', ctx, payload);
  if (fingerprint) out.systemFingerprint = fingerprint;
  const serviceTier = replyString(payload.service_tier, 'service_tier', ctx, payload);
  if (serviceTier !== undefined) out.serviceTier = serviceTier;
  return out;
}

/** A Chat Completion in transport form. A reply of the wrong shape (no choices, content that is not text, ...) is malformed. */
export function fromChatCompletion(completion: OpenAI.Chat.Completions.ChatCompletion, ctx: ResponseContext): TransportResponse {
  if (!isReplyObject(completion)) throw malformedReply(ctx, 'body', 'a chat completion object', completion, completion);
  const choices = replyList(completion.choices, 'choices', ctx, completion) as Array<OpenAI.Chat.Completions.ChatCompletion.Choice> | undefined;
  // The answer is choice 0 (with `n > 1` the others follow it).
  const choice = choices?.find((c) => isReplyObject(c) && c.index === 0) ?? choices?.[0];
  if (!isReplyObject(choice) || !isReplyObject(choice.message)) {
    throw new LLMError({ code: 'malformed_response', message: `${ctx.provider} malformed_response: the reply has no choices`, rawText: rawReplyText(completion), ...ctx });
  }
  const message = choice.message;
  const refusal = replyString(message.refusal, 'choices[0].message.refusal', ctx, completion);
  const finishReason = replyString(choice.finish_reason, 'choices[0].finish_reason', ctx, completion);
  const out: TransportResponse = {
    text: replyString(message.content, 'choices[0].message.content', ctx, completion) ?? '',
    toolCalls: readToolCalls(message.tool_calls, ctx, completion),
    finishReason: refusal ? 'content_filter' : mapOpenAIFinishReason(finishReason),
    rawFinishReason: refusal ? 'refusal' : (finishReason ?? 'unknown'),
  };
  Object.assign(out, readEnvelope(completion, ctx));
  if (completion.usage) out.usage = mapOpenAIUsage(completion.usage, ctx, completion);
  const reasoning = readReasoning(message, ctx, completion, 'choices[0].message');
  if (reasoning) out.reasoning = reasoning;
  if (refusal) out.providerMetadata = { refusal };
  return out;
}
