import type OpenAI from 'openai';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

/** What lands in `providerMetadata.openrouter`. */
export interface OpenRouterMetadata {
  /** The upstream provider that served the call (`"Groq"`, `"Together"`, ...). */
  provider?: string;
  /** The upstream's own finish reason, before OpenRouter normalised it. */
  nativeFinishReason?: string;
  /** The call ran on the caller's own upstream key. */
  byok?: boolean;
}

interface OpenRouterFields {
  provider?: unknown;
  usage?: { is_byok?: unknown } | null;
  choices?: Array<{ native_finish_reason?: unknown; finish_reason?: unknown }>;
}

function read(fields: OpenRouterFields): Record<string, unknown> | undefined {
  const out: OpenRouterMetadata = {};
  if (typeof fields.provider === 'string') out.provider = fields.provider;
  const native = fields.choices?.[0]?.native_finish_reason;
  if (typeof native === 'string') out.nativeFinishReason = native;
  if (typeof fields.usage?.is_byok === 'boolean') out.byok = fields.usage.is_byok;
  return Object.keys(out).length > 0 ? { openrouter: out } : undefined;
}

/** A whole completion: the upstream provider, its finish reason, BYOK. */
export function openRouterCompletionMetadata(completion: OpenAI.Chat.Completions.ChatCompletion): Record<string, unknown> | undefined {
  return read(completion as unknown as OpenRouterFields);
}

/**
 * Per chunk, read only where it matters: the finish chunk and the usage chunk (every OpenRouter
 * chunk names the provider; the chunks between are left alone to keep the stream cheap).
 */
export function openRouterChunkMetadata(chunk: Chunk): Record<string, unknown> | undefined {
  if (!chunk.usage && !chunk.choices[0]?.finish_reason) return undefined;
  return read(chunk as unknown as OpenRouterFields);
}
