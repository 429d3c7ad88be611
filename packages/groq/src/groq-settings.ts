import { LLMError } from '@llm/errors';
import { describeIssues, lazySchema } from '@llm/schema';
import { z } from 'zod';

/** Groq's `service_tier`: `on_demand` (default), `flex` (higher limits, may fail fast with 498), `performance`, or `auto`. */
export const GROQ_SERVICE_TIERS = ['on_demand', 'flex', 'performance', 'auto'] as const;
/** Groq's `reasoning_format` for reasoning models: reasoning in its own field, inline in `<think>` tags, or not at all. */
export const GROQ_REASONING_FORMATS = ['parsed', 'raw', 'hidden'] as const;

/** Groq's own settings, next to the shared client config. */
export const GroqSettingsSchema = lazySchema(() => z.strictObject({
  /** Sent as `service_tier` on every call unless the call's `providerOptions.groq` sets it. */
  serviceTier: z.enum(GROQ_SERVICE_TIERS).optional(),
  /** Sent as `reasoning_format` on every call unless the call's `providerOptions.groq` sets it. */
  reasoningFormat: z.enum(GROQ_REASONING_FORMATS).optional(),
  /** A custom fetch (proxies, instrumentation). */
  fetch: z.custom<typeof fetch>((v) => typeof v === 'function', { message: 'fetch must be a function' }).optional(),
}));

export type GroqSettings = z.input<typeof GroqSettingsSchema>;

/** The issues of Groq's own settings, as `field: problem` lines (empty when they are valid). */
export function groqSettingsIssues(settings: unknown): string[] {
  const result = GroqSettingsSchema.safeParse(settings);
  return result.success ? [] : describeIssues(result.error.issues);
}

/** Validates Groq's own settings: a `configuration` LLMError names each bad field. */
export function parseGroqSettings(settings: unknown): z.output<typeof GroqSettingsSchema> {
  const result = GroqSettingsSchema.safeParse(settings);
  if (result.success) return result.data;
  const fields = describeIssues(result.error.issues);
  throw new LLMError({ code: 'configuration', provider: 'groq', message: `invalid groq settings: ${fields.join('; ')}`, details: { fields } });
}
