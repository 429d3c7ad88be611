import type { MetadataPart, ServerSentEventSink, TransportStreamPart } from '@llm/core';
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { mapOpenAIFinishReason, mapOpenAIUsage } from './openai-response.js';
import type { Usage } from '@llm/schema';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

/** Per-vendor additions read off the chunks (Groq's `x_groq`, OpenRouter's `provider` and `cost`). */
export interface ChunkHooks {
  /** Called for every chunk; returns provider metadata to merge, or undefined. */
  chunkMetadata?: (chunk: Chunk) => Record<string, unknown> | undefined;
  /** Maps the `usage` object (OpenRouter adds `cost`); Chat Completions' own mapping by default. */
  mapUsage?: (usage: OpenAI.Completions.CompletionUsage) => Usage;
  /**
   * Usage a vendor sends somewhere else on a chunk (Groq's `x_groq.usage`). Used only when the
   * stream carried no top-level `usage` at all, and then yielded once at its end.
   */
  chunkUsage?: (chunk: Chunk) => OpenAI.Completions.CompletionUsage | null | undefined;
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
 * reply's headers), without the SDK's chunk objects in between: each event's JSON goes straight
 * into at most its own deltas.
 */
export class ChatCompletionSink implements ServerSentEventSink<TransportStreamPart> {
  private requestId: string | undefined;
  private headers: Headers | undefined;
  private metadata: Record<string, unknown> | undefined;
  private readonly mapUsage: (usage: OpenAI.Completions.CompletionUsage) => Usage;
  private first = true;
  private finished = false;
  private usageSeen = false;
  private fallbackUsage: OpenAI.Completions.CompletionUsage | null | undefined;

  constructor(
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
    const chunk = JSON.parse(data) as Chunk & { error?: unknown };
    if (chunk && chunk.error) throw new APIError(undefined, chunk.error as object, undefined, this.headers ?? new Headers());
    this.read(chunk, parts);
  }

  end(parts: TransportStreamPart[]): void {
    if (!this.usageSeen && this.fallbackUsage) parts.push({ type: 'usage', usage: this.mapUsage(this.fallbackUsage) });
    if (this.first && this.requestId) parts.push({ type: 'metadata', requestId: this.requestId });
    if (this.metadata) parts.push({ type: 'metadata', providerMetadata: this.metadata });
  }

  /** One chunk's parts, into the queue. */
  private read(chunk: Chunk, queue: TransportStreamPart[]): void {
    const { hooks } = this;
    // Azure's first chunk carries only the prompt's filter results, with an empty id and model.
    if (this.first && (chunk.id || chunk.model)) {
      this.first = false;
      const part: MetadataPart = { type: 'metadata', id: chunk.id, model: chunk.model, created: chunk.created };
      if (chunk.system_fingerprint) part.systemFingerprint = chunk.system_fingerprint;
      if (typeof chunk.service_tier === 'string') part.serviceTier = chunk.service_tier;
      if (this.requestId) part.requestId = this.requestId;
      queue.push(part);
    }
    if (hooks.chunkMetadata) {
      const extra = hooks.chunkMetadata(chunk);
      if (extra) this.metadata = mergeProviderMetadata(this.metadata, extra);
    }
    // The answer is choice 0: with `n > 1` the other choices' deltas interleave with it.
    let choice = chunk.choices[0];
    if (choice !== undefined && choice.index !== 0) choice = chunk.choices.find((c) => c.index === 0);
    if (choice) {
      const delta = choice.delta as Delta;
      if (delta) {
        const reasoning = delta.reasoning ?? delta.reasoning_content;
        if (reasoning) queue.push({ type: 'reasoning-delta', text: reasoning });
        if (delta.content) queue.push({ type: 'text-delta', text: delta.content });
        if (delta.tool_calls) {
          for (const tc of delta.tool_calls) {
            const part: TransportStreamPart = { type: 'tool-call-delta', index: tc.index, argumentsDelta: tc.function?.arguments ?? '' };
            if (tc.id) part.id = tc.id;
            if (tc.function?.name) part.name = tc.function.name;
            queue.push(part);
          }
        }
        if (delta.refusal) {
          this.metadata = { ...this.metadata, refusal: `${(this.metadata?.refusal as string | undefined) ?? ''}${delta.refusal}` };
        }
      }
      if (choice.finish_reason) {
        const refused = this.metadata?.refusal !== undefined;
        queue.push({
          type: 'finish',
          finishReason: refused ? 'content_filter' : mapOpenAIFinishReason(choice.finish_reason),
          rawFinishReason: refused ? 'refusal' : choice.finish_reason,
        });
      }
    }
    if (chunk.usage) {
      this.usageSeen = true;
      queue.push({ type: 'usage', usage: this.mapUsage(chunk.usage) });
    } else if (hooks.chunkUsage && !this.usageSeen) {
      this.fallbackUsage = hooks.chunkUsage(chunk) ?? this.fallbackUsage;
    }
  }
}
