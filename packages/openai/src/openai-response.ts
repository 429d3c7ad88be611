import { LLMError } from '@llm/errors';
import type { TransportResponse } from '@llm/core';
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

/** Chat Completions `usage` → our usage (cached and reasoning tokens included). */
export function mapOpenAIUsage(usage: CompletionUsage): Usage {
  const out: Usage = {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    totalTokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
  };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached) out.cachedInputTokens = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) out.reasoningTokens = reasoning;
  return out;
}

/** Reasoning text as compatible vendors send it (`reasoning` on Groq/OpenRouter, `reasoning_content` on DeepSeek). */
export function readReasoning(message: object | undefined | null): string | undefined {
  if (!message) return undefined;
  const m = message as { reasoning?: unknown; reasoning_content?: unknown };
  const r = m.reasoning ?? m.reasoning_content;
  return typeof r === 'string' && r.length > 0 ? r : undefined;
}

export interface ResponseContext {
  provider: string;
  model: string;
}

/** A Chat Completion in transport form. A reply without choices is malformed. */
export function fromChatCompletion(completion: OpenAI.Chat.Completions.ChatCompletion, ctx: ResponseContext): TransportResponse {
  // The answer is choice 0 (with `n > 1` the others follow it).
  const choice = completion.choices?.find((c) => c.index === 0) ?? completion.choices?.[0];
  if (!choice || typeof choice !== 'object' || !choice.message) {
    throw new LLMError({ code: 'malformed_response', message: 'the reply has no choices', rawText: JSON.stringify(completion).slice(0, 2000), ...ctx });
  }
  const message = choice.message;
  const out: TransportResponse = {
    id: completion.id,
    model: completion.model,
    created: completion.created,
    text: message.content ?? '',
    toolCalls: (message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [])),
    finishReason: message.refusal ? 'content_filter' : mapOpenAIFinishReason(choice.finish_reason),
    rawFinishReason: message.refusal ? 'refusal' : (choice.finish_reason ?? 'unknown'),
  };
  if (completion.usage) out.usage = mapOpenAIUsage(completion.usage);
  if (completion.system_fingerprint) out.systemFingerprint = completion.system_fingerprint;
  if (typeof completion.service_tier === 'string') out.serviceTier = completion.service_tier;
  const reasoning = readReasoning(message);
  if (reasoning) out.reasoning = reasoning;
  if (message.refusal) out.providerMetadata = { refusal: message.refusal };
  return out;
}
