import { isReplyObject, malformedReply, replyObject, replyString, type MetadataPart, type ReplyContext, type ServerSentEventSink, type TransportStreamPart } from '@llm/core';
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { mapOpenAIFinishReason, mapOpenAIUsage, readEnvelope } from './openai-response.js';
import type { Usage } from '@llm/schema';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

/** Per-vendor additions read off the chunks (Groq's `x_groq`, OpenRouter's `provider` and `cost`). */
export interface ChunkHooks {
  /** Called for every chunk; returns provider metadata to merge, or undefined. Throws a `malformed_response` (see `malformedReply`) for a field of the wrong type. */
  chunkMetadata?: (chunk: Chunk, ctx: ReplyContext) => Record<string, unknown> | undefined;
  /** Maps the `usage` object (OpenRouter adds `cost`), checking its types; Chat Completions' own mapping by default. */
  mapUsage?: (usage: OpenAI.Completions.CompletionUsage, ctx: ReplyContext, raw: unknown) => Usage;
  /**
   * Usage a vendor sends somewhere else on a chunk (Groq's `x_groq.usage`). Used only when the
   * stream carried no top-level `usage` at all, and then yielded once at its end.
   */
  chunkUsage?: (chunk: Chunk, ctx: ReplyContext) => OpenAI.Completions.CompletionUsage | null | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges vendor metadata two levels deep, so `{ groq: { id } }` and `{ groq: { rateLimit } }` both survive. */
function mergeProviderMetadata(into: Record<string, unknown> | undefined, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = into ?? {};
  for (const key of Object.keys(extra)) {
    const prev = out[key];
    const next = extra[key];
    out[key] = isRecord(prev) && isRecord(next) ? { ...prev, ...next } : next;
  }
  return out;
}

type Delta = Chunk['choices'][number]['delta'] & { reasoning?: string | null; reasoning_content?: string | null };

/**
 * Chat Completions SSE events → transport parts, as the openai SDK's own stream reads them (events
 * named `thread.*` are not Chat Completions' and are skipped; `[DONE]` ends the events, whatever
 * follows it is ignored; a chunk with an `error` member throws the SDK's `APIError`, with the
 * reply's headers, after a usage part for the `usage` the chunk may carry beside it, as OpenRouter
 * does), without the SDK's chunk objects in between: each event's JSON goes straight into at most
 * its own deltas.
 *
 * Every field read is checked for its type on the way (a `typeof` each, no schema per chunk): a
 * chunk that is not an object (`null` included), has no `choices` list, or carries a delta of the
 * wrong type is a `malformed_response` naming the field, with the chunk as its raw text.
 */
export class ChatCompletionSink implements ServerSentEventSink<TransportStreamPart> {
  private requestId: string | undefined;
  private headers: Headers | undefined;
  private metadata: Record<string, unknown> | undefined;
  private readonly mapUsage: (usage: OpenAI.Completions.CompletionUsage, ctx: ReplyContext, raw: unknown) => Usage;
  private first = true;
  private finished = false;
  private usageSeen = false;
  private fallbackUsage: OpenAI.Completions.CompletionUsage | null | undefined;
  private fallbackRaw: unknown;

  constructor(
    /** Names the provider and model in a malformed reply's error. */
    private readonly ctx: ReplyContext,
    private readonly hooks: ChunkHooks = {},
    /** Vendor metadata read off the reply's headers (Groq's rate-limit state). */
    private readonly headerMetadata?: (headers: Headers) => Record<string, unknown> | undefined,
  ) {
    this.mapUsage = hooks.mapUsage ?? mapOpenAIUsage;
  }

  opened(response: Response): void {
    this.headers = response.headers;
    this.requestId = response.headers.get('x-request-id') ?? undefined;
    const extra = this.headerMetadata?.(response.headers);
    if (extra) this.metadata = mergeProviderMetadata(undefined, extra);
  }

  event(data: string, name: string | undefined, parts: TransportStreamPart[]): void {
    if (this.finished) return;
    if (data.startsWith('[DONE]')) {
      this.finished = true;
      return;
    }
    if (name !== undefined && name.startsWith('thread.')) return;
    const chunk: unknown = JSON.parse(data);
    if (!isReplyObject(chunk)) throw malformedReply(this.ctx, 'stream chunk', 'a chat completion chunk', chunk, chunk);
    if (chunk.error) {
      // OpenRouter puts the usage so far (and its cost) beside a mid-stream error: it is billed, so it
      // is handed out before the error.
      if (chunk.usage && !this.usageSeen) {
        this.usageSeen = true;
        parts.push({ type: 'usage', usage: this.mapUsage(chunk.usage as OpenAI.Completions.CompletionUsage, this.ctx, chunk) });
      }
      throw new APIError(undefined, chunk.error as object, undefined, this.headers ?? new Headers());
    }
    this.read(chunk as unknown as Chunk, parts);
  }

  end(parts: TransportStreamPart[]): void {
    if (!this.usageSeen && this.fallbackUsage) parts.push({ type: 'usage', usage: this.mapUsage(this.fallbackUsage, this.ctx, this.fallbackRaw) });
    if (this.first && this.requestId) parts.push({ type: 'metadata', requestId: this.requestId });
    if (this.metadata) parts.push({ type: 'metadata', providerMetadata: this.metadata });
  }

  /** One chunk's parts, into the queue; every field it uses checked for its type. */
  private read(chunk: Chunk, queue: TransportStreamPart[]): void {
    const { hooks, ctx } = this;
    const choices = chunk.choices as unknown;
    if (!Array.isArray(choices)) throw malformedReply(ctx, 'stream chunk\'s choices', 'a list', choices, chunk);
    // Azure's first chunk carries only the prompt's filter results, with an empty id and model.
    if (this.first && (chunk.id || chunk.model)) {
      this.first = false;
      const part: MetadataPart = { type: 'metadata', ...readEnvelope(chunk, ctx) };
      if (this.requestId) part.requestId = this.requestId;
      queue.push(part);
    }
    if (hooks.chunkMetadata) {
      const extra = hooks.chunkMetadata(chunk, ctx);
      if (extra) this.metadata = mergeProviderMetadata(this.metadata, extra);
    }
    // The answer is choice 0: with `n > 1` the other choices' deltas interleave with it.
    let choice: unknown = choices[0];
    if (isReplyObject(choice) && choice.index !== 0 && choice.index !== undefined) choice = choices.find((c) => isReplyObject(c) && c.index === 0);
    if (choice !== undefined) {
      if (!isReplyObject(choice)) throw malformedReply(ctx, 'choices[0]', 'an object', choice, chunk);
      const delta = choice.delta as Delta | null | undefined;
      if (delta !== undefined && delta !== null) {
        if (!isReplyObject(delta)) throw malformedReply(ctx, 'choices[0].delta', 'an object', delta, chunk);
        const reasoning = delta.reasoning ?? delta.reasoning_content;
        if (reasoning) queue.push({ type: 'reasoning-delta', text: replyString(reasoning, 'choices[0].delta.reasoning', ctx, chunk)! });
        const content = delta.content;
        if (content !== undefined && content !== null && content !== '') {
          if (typeof content !== 'string') throw malformedReply(ctx, 'choices[0].delta.content', 'text', content, chunk);
          queue.push({ type: 'text-delta', text: content });
        }
        if (delta.tool_calls !== undefined && delta.tool_calls !== null) this.readToolCalls(delta.tool_calls, chunk, queue);
        if (delta.refusal) {
          const refusal = replyString(delta.refusal, 'choices[0].delta.refusal', ctx, chunk)!;
          this.metadata = { ...this.metadata, refusal: `${(this.metadata?.refusal as string | undefined) ?? ''}${refusal}` };
        }
      }
      const finish = choice.finish_reason;
      if (finish !== undefined && finish !== null) {
        if (typeof finish !== 'string') throw malformedReply(ctx, 'choices[0].finish_reason', 'text', finish, chunk);
        const refused = this.metadata?.refusal !== undefined;
        queue.push({ type: 'finish', finishReason: refused ? 'content_filter' : mapOpenAIFinishReason(finish), rawFinishReason: refused ? 'refusal' : finish });
      }
    }
    if (chunk.usage) {
      this.usageSeen = true;
      queue.push({ type: 'usage', usage: this.mapUsage(chunk.usage, ctx, chunk) });
    } else if (hooks.chunkUsage && !this.usageSeen) {
      this.fallbackUsage = hooks.chunkUsage(chunk, ctx) ?? this.fallbackUsage;
      if (this.fallbackUsage) this.fallbackRaw = chunk;
    }
  }

  /** A delta's tool-call fragments: each an object whose index, id, name and arguments have their types. */
  private readToolCalls(value: unknown, chunk: Chunk, queue: TransportStreamPart[]): void {
    const { ctx } = this;
    if (!Array.isArray(value)) throw malformedReply(ctx, 'choices[0].delta.tool_calls', 'a list', value, chunk);
    for (let i = 0; i < value.length; i++) {
      const tc: unknown = value[i];
      const field = `choices[0].delta.tool_calls[${i}]`;
      if (!isReplyObject(tc)) throw malformedReply(ctx, field, 'an object', tc, chunk);
      const index = tc.index === undefined ? i : tc.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw malformedReply(ctx, `${field}.index`, 'a position', index, chunk);
      const fn = replyObject(tc.function, `${field}.function`, ctx, chunk);
      const part: TransportStreamPart = { type: 'tool-call-delta', index, argumentsDelta: replyString(fn?.arguments, `${field}.function.arguments`, ctx, chunk) ?? '' };
      const id = replyString(tc.id, `${field}.id`, ctx, chunk);
      if (id) part.id = id;
      const name = replyString(fn?.name, `${field}.function.name`, ctx, chunk);
      if (name) part.name = name;
      queue.push(part);
    }
  }
}
