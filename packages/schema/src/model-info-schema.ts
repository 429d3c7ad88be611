import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

export const ModelCapabilitiesSchema = lazySchema(() => z.object({
  tools: z.boolean().optional(),
  vision: z.boolean().optional(),
  structuredOutput: z.boolean().optional(),
  streaming: z.boolean().optional(),
  reasoning: z.boolean().optional(),
}));

export const ModelInfoSchema = lazySchema(() => z.object({
  id: z.string().min(1),
  provider: z.string().min(1),
  displayName: z.string().optional(),
  ownedBy: z.string().optional(),
  /** Unix time in seconds. */
  created: z.number().optional(),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  capabilities: ModelCapabilitiesSchema.optional(),
}));

export type ModelCapabilities = z.infer<typeof ModelCapabilitiesSchema>;
export type ModelInfo = z.infer<typeof ModelInfoSchema>;
