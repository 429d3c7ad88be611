import type { MetadataPart, TransportStreamPart } from '@llm/core';
import type OpenAI from 'openai';
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

/** What `start` resolves to: the SDK's chunk stream and the vendor's request id. */
export interface OpenedStream {
  chunks: AsyncIterable<Chunk>;
  requestId: string | undefined;
  /** Vendor metadata known when the stream opened (read off its headers). */
  metadata?: Record<string, unknown> | undefined;
}

type Delta = Chunk['choices'][number]['delta'] & { reasoning?: string | null; reasoning_content?: string | null };

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Chat Completion chunks → transport parts, with no validation and no extra async layer:
 * a hand-written iterator over the SDK's chunk iterator, so each chunk costs one `then`
 * (not an async generator's several promise hops), and each chunk yields at most its own deltas.
 */
export class ChatCompletionChunkParts implements AsyncIterableIterator<TransportStreamPart> {
  private iterator: AsyncIterator<Chunk> | undefined;
  private requestId: string | undefined;
  private metadata: Record<string, unknown> | undefined;
  private readonly mapUsage: (usage: OpenAI.Completions.CompletionUsage) => Usage;
  private first = true;
  private usageSeen = false;
  private fallbackUsage: OpenAI.Completions.CompletionUsage | null | undefined;
  /** Parts of the current chunk not handed out yet. */
  private readonly queue: TransportStreamPart[] = [];
  private queued = 0;
  /** The chunks have ended (only the closing parts remain). */
  private ended = false;
  private done = false;

  constructor(
    private readonly start: () => Promise<OpenedStream>,
    private readonly mapError: (err: unknown) => Error,
    private readonly hooks: ChunkHooks = {},
  ) {
    this.mapUsage = hooks.mapUsage ?? mapOpenAIUsage;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<TransportStreamPart>> {
    if (this.queued < this.queue.length) return Promise.resolve(this.dequeue());
    if (this.done || this.ended) {
      this.done = true;
      return Promise.resolve(DONE);
    }
    if (!this.iterator) {
      let opening: Promise<OpenedStream>;
      try {
        opening = this.start();
      } catch (err) {
        return Promise.reject(this.failed(err));
      }
      return opening.then(this.onOpened, this.onError);
    }
    return this.pull();
  }

  async return(): Promise<IteratorResult<TransportStreamPart>> {
    const open = this.iterator !== undefined && !this.ended && !this.done;
    this.done = true;
    this.queue.length = 0;
    this.queued = 0;
    if (open) await this.iterator?.return?.();
    return DONE;
  }

  private pull(): Promise<IteratorResult<TransportStreamPart>> {
    let pending: Promise<IteratorResult<Chunk>>;
    try {
      pending = Promise.resolve(this.iterator!.next());
    } catch (err) {
      return Promise.reject(this.failed(err));
    }
    return pending.then(this.onChunk, this.onError);
  }

  private failed(err: unknown): Error {
    this.done = true;
    return this.mapError(err);
  }

  private readonly onError = (err: unknown): never => {
    throw this.failed(err);
  };

  private readonly onOpened = (opened: OpenedStream): Promise<IteratorResult<TransportStreamPart>> => {
    this.requestId = opened.requestId;
    if (opened.metadata) this.metadata = mergeProviderMetadata(undefined, opened.metadata);
    try {
      this.iterator = opened.chunks[Symbol.asyncIterator]();
    } catch (err) {
      return Promise.reject(this.failed(err));
    }
    return this.pull();
  };

  private readonly onChunk = (result: IteratorResult<Chunk>): IteratorResult<TransportStreamPart> | Promise<IteratorResult<TransportStreamPart>> => {
    if (this.done) return DONE;
    this.queue.length = 0;
    this.queued = 0;
    if (result.done) {
      this.ended = true;
      if (!this.usageSeen && this.fallbackUsage) this.queue.push({ type: 'usage', usage: this.mapUsage(this.fallbackUsage) });
      if (this.first && this.requestId) this.queue.push({ type: 'metadata', requestId: this.requestId });
      if (this.metadata) this.queue.push({ type: 'metadata', providerMetadata: this.metadata });
      return this.dequeue();
    }
    try {
      this.read(result.value);
    } catch (err) {
      // As a `for await` loop would: a failure while reading a chunk closes the SDK's stream.
      const error = this.failed(err);
      void Promise.resolve(this.iterator?.return?.()).catch(() => undefined);
      throw error;
    }
    return this.queue.length > 0 ? this.dequeue() : this.pull();
  };

  private dequeue(): IteratorResult<TransportStreamPart> {
    if (this.queued < this.queue.length) return { done: false, value: this.queue[this.queued++]! };
    this.done = true;
    return DONE;
  }

  /** One chunk's parts, into the queue. */
  private read(chunk: Chunk): void {
    const { queue, hooks } = this;
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

/** Chat Completion chunks → transport parts (see `ChatCompletionChunkParts`), as an async generator. */
export async function* fromChatCompletionChunks(
  start: () => Promise<OpenedStream>,
  mapError: (err: unknown) => Error,
  hooks: ChunkHooks = {},
): AsyncGenerator<TransportStreamPart> {
  yield* new ChatCompletionChunkParts(start, mapError, hooks);
}
