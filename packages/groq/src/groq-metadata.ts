import { malformedReply, replyObject, type ReplyContext } from '@llm/core';
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

const TIMING_FIELDS = [
  ['queue_time', 'queueTime'],
  ['prompt_time', 'promptTime'],
  ['completion_time', 'completionTime'],
  ['total_time', 'totalTime'],
] as const;

/**
 * Groq's timings in `usage` (or `x_groq.usage`), in seconds; undefined when it sends none. A timing
 * that is not a number is a `malformed_response` naming the field, as every other reply field is.
 */
export function readGroqTimings(usage: GroqUsage | null | undefined, field: string, ctx: ReplyContext, raw: unknown): GroqTimings | undefined {
  if (!usage) return undefined;
  let t: GroqTimings | undefined;
  for (const [wire, name] of TIMING_FIELDS) {
    const value: unknown = usage[wire];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw malformedReply(ctx, `${field}.${wire}`, 'a number', value, raw);
    (t ??= {})[name] = value;
  }
  return t;
}

/** `x_groq` checked for its shape: an object whose id is text, seed a number and usage an object. */
function checkXGroq(value: unknown, ctx: ReplyContext, raw: unknown): XGroq | undefined {
  const x = replyObject(value, 'x_groq', ctx, raw);
  if (!x) return undefined;
  if (x.id !== undefined && x.id !== null && typeof x.id !== 'string') throw malformedReply(ctx, 'x_groq.id', 'text', x.id, raw);
  if (x.seed !== undefined && x.seed !== null && (typeof x.seed !== 'number' || !Number.isFinite(x.seed))) throw malformedReply(ctx, 'x_groq.seed', 'a number', x.seed, raw);
  replyObject(x.usage, 'x_groq.usage', ctx, raw);
  return x as XGroq;
}

function fromXGroq(x: XGroq | undefined, usage: GroqUsage | null | undefined, ctx: ReplyContext, raw: unknown): GroqMetadata | undefined {
  const out: GroqMetadata = {};
  if (x?.id) out.id = x.id;
  if (typeof x?.seed === 'number') out.seed = x.seed;
  const timings = x?.usage ? readGroqTimings(x.usage, 'x_groq.usage', ctx, raw) : readGroqTimings(usage, 'usage', ctx, raw);
  if (timings) out.timings = timings;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Per chunk: `x_groq` (first and finish chunks) and the timings of its usage; nothing for the chunks between. */
export function groqChunkMetadata(chunk: Chunk, ctx: ReplyContext): Record<string, unknown> | undefined {
  const raw = (chunk as Chunk & { x_groq?: unknown }).x_groq;
  if ((raw === undefined || raw === null) && !chunk.usage) return undefined;
  const groq = fromXGroq(checkXGroq(raw, ctx, chunk), chunk.usage as GroqUsage | null | undefined, ctx, chunk);
  return groq ? { groq } : undefined;
}

/** Usage that arrives only inside `x_groq.usage` (a stream without a top-level `usage`). */
export function groqChunkUsage(chunk: Chunk, ctx: ReplyContext): CompletionUsage | undefined {
  return checkXGroq((chunk as Chunk & { x_groq?: unknown }).x_groq, ctx, chunk)?.usage;
}

/** A whole completion: `x_groq.id`, the timings in `usage`, and the rate-limit headers. */
export function groqCompletionMetadata(completion: OpenAI.Chat.Completions.ChatCompletion, headers: Headers, ctx: ReplyContext): Record<string, unknown> | undefined {
  const x = checkXGroq((completion as typeof completion & { x_groq?: unknown }).x_groq, ctx, completion);
  const groq: GroqMetadata = fromXGroq(x, completion.usage as GroqUsage | undefined, ctx, completion) ?? {};
  const rateLimit = parseRateLimitHeaders(headers);
  if (rateLimit) groq.rateLimit = rateLimit;
  return Object.keys(groq).length > 0 ? { groq } : undefined;
}

/** A stream's headers: the rate-limit state. */
export function groqStreamMetadata(headers: Headers): Record<string, unknown> | undefined {
  const rateLimit = parseRateLimitHeaders(headers);
  return rateLimit ? { groq: { rateLimit } } : undefined;
}
