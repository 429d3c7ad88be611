import type { TransportStreamPart } from '@llm/core';
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
}

/** What `start` resolves to: the SDK's chunk stream and the vendor's request id. */
export interface OpenedStream {
  chunks: AsyncIterable<Chunk>;
  requestId: string | undefined;
}

/**
 * Chat Completion chunks → transport parts, with no validation and no extra async layer:
 * each chunk yields at most its own deltas.
 */
export async function* fromChatCompletionChunks(
  start: () => Promise<OpenedStream>,
  mapError: (err: unknown) => Error,
  hooks: ChunkHooks = {},
): AsyncGenerator<TransportStreamPart> {
  let first = true;
  let metadata: Record<string, unknown> | undefined;
  const mapUsage = hooks.mapUsage ?? mapOpenAIUsage;
  let opened: OpenedStream;
  try {
    opened = await start();
  } catch (err) {
    throw mapError(err);
  }
  const { chunks, requestId } = opened;
  try {
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      yield {
        type: 'metadata',
        id: chunk.id,
        model: chunk.model,
        created: chunk.created,
        ...(chunk.system_fingerprint ? { systemFingerprint: chunk.system_fingerprint } : {}),
        ...(requestId ? { requestId } : {}),
      };
    }
    if (hooks.chunkMetadata) {
      const extra = hooks.chunkMetadata(chunk);
      if (extra) metadata = { ...metadata, ...extra };
    }
    const choice = chunk.choices[0];
    if (choice) {
      const delta = choice.delta as Chunk['choices'][number]['delta'] & { reasoning?: string | null; reasoning_content?: string | null };
      if (delta) {
        const reasoning = delta.reasoning ?? delta.reasoning_content;
        if (reasoning) yield { type: 'reasoning-delta', text: reasoning };
        if (delta.content) yield { type: 'text-delta', text: delta.content };
        if (delta.tool_calls) {
          for (const tc of delta.tool_calls) {
            const part: TransportStreamPart = { type: 'tool-call-delta', index: tc.index, argumentsDelta: tc.function?.arguments ?? '' };
            if (tc.id) part.id = tc.id;
            if (tc.function?.name) part.name = tc.function.name;
            yield part;
          }
        }
        if (delta.refusal) {
          metadata = { ...metadata, refusal: `${(metadata?.refusal as string | undefined) ?? ''}${delta.refusal}` };
        }
      }
      if (choice.finish_reason) {
        const refused = metadata?.refusal !== undefined;
        yield {
          type: 'finish',
          finishReason: refused ? 'content_filter' : mapOpenAIFinishReason(choice.finish_reason),
          rawFinishReason: refused ? 'refusal' : choice.finish_reason,
        };
      }
    }
    if (chunk.usage) yield { type: 'usage', usage: mapUsage(chunk.usage) };
  }
  } catch (err) {
    throw mapError(err);
  }
  if (metadata) yield { type: 'metadata', providerMetadata: metadata };
}
