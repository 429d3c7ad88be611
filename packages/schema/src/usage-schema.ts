import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

export const CostSchema = lazySchema(() => z.object({
  /** Total in US dollars. */
  totalUsd: z.number().nonnegative(),
  inputUsd: z.number().nonnegative().optional(),
  outputUsd: z.number().nonnegative().optional(),
  cachedInputUsd: z.number().nonnegative().optional(),
  cacheWriteUsd: z.number().nonnegative().optional(),
  reasoningUsd: z.number().nonnegative().optional(),
  /** `provider` when the vendor reported it (OpenRouter), `computed` from a price table. */
  source: z.enum(['provider', 'computed']),
}));

export const UsageSchema = lazySchema(() => z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  /** Input tokens read from the vendor's prompt cache (part of inputTokens). */
  cachedInputTokens: z.number().int().nonnegative().optional(),
  /** Input tokens written to the vendor's prompt cache (Anthropic). */
  cacheWriteTokens: z.number().int().nonnegative().optional(),
  /** Output tokens spent on reasoning (part of outputTokens). */
  reasoningTokens: z.number().int().nonnegative().optional(),
  cost: CostSchema.optional(),
}));

export type Cost = z.infer<typeof CostSchema>;
export type Usage = z.infer<typeof UsageSchema>;

export const EMPTY_USAGE: Readonly<Usage> = Object.freeze({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
