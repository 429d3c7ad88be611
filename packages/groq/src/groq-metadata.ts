import { parseRateLimitHeaders, type RateLimitState } from '@llm/errors';
import type OpenAI from 'openai';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type CompletionUsage = OpenAI.Completions.CompletionUsage;

/** Groq's usage: OpenAI's token counts plus its timings, in seconds. */
export interface GroqUsage extends CompletionUsage {
  queue_time?: number;
  prompt_time?: number;
  completion_time?: number;
  total_time?: number;
}

/** Groq's `x_groq` field: its request id on the first chunk, and usage on the finish chunk of a stream. */
export interface XGroq {
  id?: string;
  seed?: number;
  usage?: GroqUsage;
}

/** How long Groq spent on a call, in seconds, as Groq reports it. */
export interface GroqTimings {
  queueTime?: number;
  promptTime?: number;
  completionTime?: number;
  totalTime?: number;
}

/** What lands in `providerMetadata.groq`. */
export interface GroqMetadata {
  /** Groq's request id (`x_groq.id`, `req_...`). */
  id?: string;
  seed?: number;
  timings?: GroqTimings;
  /** The `x-ratelimit-*` headers of the reply: what is left of the caller's request and token windows. */
  rateLimit?: RateLimitState;
}

export function readGroqTimings(usage: GroqUsage | null | undefined): GroqTimings | undefined {
  if (!usage || (usage.queue_time === undefined && usage.total_time === undefined && usage.prompt_time === undefined && usage.completion_time === undefined)) {
    return undefined;
  }
  const t: GroqTimings = {};
  if (typeof usage.queue_time === 'number') t.queueTime = usage.queue_time;
  if (typeof usage.prompt_time === 'number') t.promptTime = usage.prompt_time;
  if (typeof usage.completion_time === 'number') t.completionTime = usage.completion_time;
  if (typeof usage.total_time === 'number') t.totalTime = usage.total_time;
  return t;
}

function fromXGroq(x: XGroq | undefined, usage: GroqUsage | null | undefined): GroqMetadata | undefined {
  const out: GroqMetadata = {};
  if (x?.id) out.id = x.id;
  if (typeof x?.seed === 'number') out.seed = x.seed;
  const timings = readGroqTimings(x?.usage ?? usage);
  if (timings) out.timings = timings;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Per chunk: `x_groq` (first and finish chunks) and the timings of its usage; nothing for the chunks between. */
export function groqChunkMetadata(chunk: Chunk): Record<string, unknown> | undefined {
  const x = (chunk as Chunk & { x_groq?: XGroq }).x_groq;
  if (!x && !chunk.usage) return undefined;
  const groq = fromXGroq(x, chunk.usage as GroqUsage | null | undefined);
  return groq ? { groq } : undefined;
}

/** Usage that arrives only inside `x_groq.usage` (a stream without a top-level `usage`). */
export function groqChunkUsage(chunk: Chunk): CompletionUsage | undefined {
  return (chunk as Chunk & { x_groq?: XGroq }).x_groq?.usage;
}

/** A whole completion: `x_groq.id`, the timings in `usage`, and the rate-limit headers. */
export function groqCompletionMetadata(completion: OpenAI.Chat.Completions.ChatCompletion, headers: Headers): Record<string, unknown> | undefined {
  const groq: GroqMetadata = fromXGroq((completion as typeof completion & { x_groq?: XGroq }).x_groq, completion.usage as GroqUsage | undefined) ?? {};
  const rateLimit = parseRateLimitHeaders(headers);
  if (rateLimit) groq.rateLimit = rateLimit;
  return Object.keys(groq).length > 0 ? { groq } : undefined;
}

/** A stream's headers: the rate-limit state. */
export function groqStreamMetadata(headers: Headers): Record<string, unknown> | undefined {
  const rateLimit = parseRateLimitHeaders(headers);
  return rateLimit ? { groq: { rateLimit } } : undefined;
}
