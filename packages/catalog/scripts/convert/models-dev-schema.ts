import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected YYYY-MM-DD or YYYY-MM');
const price = z.number().nonnegative();

const ReasoningOptionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('effort'), values: z.array(z.string()) }),
  z.object({ type: z.literal('budget_tokens'), min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional() }),
  z.object({ type: z.literal('toggle') }),
]);

const CostSchema = z.object({
  input: price.optional(),
  output: price.optional(),
  cache_read: price.optional(),
  cache_write: price.optional(),
  reasoning: price.optional(),
  input_audio: price.optional(),
  tiers: z
    .array(
      z.object({
        tier: z.object({ size: z.number().int().positive() }),
        input: price.optional(),
        output: price.optional(),
        cache_read: price.optional(),
        cache_write: price.optional(),
      }),
    )
    .optional(),
});

/**
 * One models.dev model file, as far as the catalog reads it. A key of the wrong type fails naming
 * the file and the key; keys the catalog does not read are dropped (the committed snapshot keeps
 * only what the conversion uses).
 */
export const ModelsDevModelSchema = z.object({
  name: z.string().min(1).optional(),
  family: z.string().min(1).optional(),
  base_model: z.string().min(1).optional(),
  status: z.enum(['alpha', 'beta', 'deprecated']).optional(),
  release_date: date.optional(),
  last_updated: date.optional(),
  knowledge: date.optional(),
  open_weights: z.boolean().optional(),
  attachment: z.boolean().optional(),
  reasoning: z.boolean().optional(),
  temperature: z.boolean().optional(),
  tool_call: z.boolean().optional(),
  structured_output: z.boolean().optional(),
  reasoning_options: z.array(ReasoningOptionSchema).optional(),
  cost: CostSchema.optional(),
  limit: z.object({ context: z.number().int().nonnegative().optional(), input: z.number().int().nonnegative().optional(), output: z.number().int().nonnegative().optional() }).optional(),
  modalities: z.object({ input: z.array(z.string()).optional(), output: z.array(z.string()).optional() }).optional(),
});

export type ModelsDevModel = z.infer<typeof ModelsDevModelSchema>;

/** The prices of an OpenRouter entry the catalog reads: USD per token (per request / search for `request`, `web_search`), as decimal strings. */
const OpenRouterPricingSchema = z.object({
  prompt: z.string().optional(),
  completion: z.string().optional(),
  input_cache_read: z.string().optional(),
  input_cache_write: z.string().optional(),
  internal_reasoning: z.string().optional(),
  audio: z.string().optional(),
  request: z.string().optional(),
  web_search: z.string().optional(),
});

/** One entry of OpenRouter's `/api/v1/models` listing, as far as the catalog reads it (other keys are dropped). */
export const OpenRouterModelSchema = z.object({
  id: z.string().min(1),
  canonical_slug: z.string().min(1).nullable().optional(),
  name: z.string().min(1),
  context_length: z.number().int().nonnegative().nullable().optional(),
  architecture: z.object({ input_modalities: z.array(z.string()).optional(), output_modalities: z.array(z.string()).optional() }).optional(),
  pricing: OpenRouterPricingSchema.optional(),
  top_provider: z.object({ context_length: z.number().int().nullable().optional(), max_completion_tokens: z.number().int().nullable().optional() }).optional(),
  supported_parameters: z.array(z.string()).optional(),
  knowledge_cutoff: z.string().nullable().optional(),
  expiration_date: z.string().nullable().optional(),
});

export type OpenRouterModel = z.infer<typeof OpenRouterModelSchema>;

export const OpenRouterListingSchema = z.object({ data: z.array(z.unknown()) });
