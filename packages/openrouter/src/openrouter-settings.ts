import { LLMError } from '@llm/errors';
import { describeIssues, lazySchema } from '@llm/schema';
import { z } from 'zod';

const slug = lazySchema(() => z.string().min(1));
const usd = lazySchema(() => z.number().nonnegative());

export const OPENROUTER_SORTS = ['price', 'throughput', 'latency'] as const;
export const OPENROUTER_QUANTIZATIONS = ['int4', 'int8', 'fp4', 'fp6', 'fp8', 'fp16', 'bf16', 'fp32', 'unknown'] as const;

/**
 * OpenRouter's provider routing preferences (the body's `provider` object), in camelCase.
 * Unknown keys are refused so a typo does not silently route elsewhere.
 */
export const ProviderRoutingSchema = lazySchema(() => z.strictObject({
  /** Provider slugs to try first, in order (`["groq", "together"]`). */
  order: z.array(slug).min(1).optional(),
  /** Only these providers may serve the request. */
  only: z.array(slug).min(1).optional(),
  /** These providers may not. */
  ignore: z.array(slug).min(1).optional(),
  /** Whether other providers may serve the request when the preferred ones fail (OpenRouter's default: true). */
  allowFallbacks: z.boolean().optional(),
  /** Only providers that support every parameter of the request. */
  requireParameters: z.boolean().optional(),
  /** `deny`: only providers that do not store or train on prompts. */
  dataCollection: z.enum(['allow', 'deny']).optional(),
  /** Only zero-data-retention endpoints. */
  zdr: z.boolean().optional(),
  quantizations: z.array(z.enum(OPENROUTER_QUANTIZATIONS)).min(1).optional(),
  /** Sort providers by this instead of OpenRouter's price-and-uptime balancing. */
  sort: z.enum(OPENROUTER_SORTS).optional(),
  /** The most to pay, in USD per million tokens (prompt, completion) or per request/image. */
  maxPrice: z.strictObject({ prompt: usd.optional(), completion: usd.optional(), request: usd.optional(), image: usd.optional() }).optional(),
}));
export type ProviderRouting = z.input<typeof ProviderRoutingSchema>;

/** Fallback models, tried in order when the requested one fails (OpenRouter's `models`). */
const ModelsSchema = lazySchema(() => z.array(slug).min(1));

/** OpenRouter's own settings, next to the shared client config. */
export const OpenRouterSettingsSchema = lazySchema(() => z.strictObject({
  /** Your app's URL, sent as `HTTP-Referer` for attribution on openrouter.ai. */
  appUrl: z.url().optional(),
  /** Your app's name, sent as `X-Title`. */
  appName: z.string().min(1).optional(),
  models: ModelsSchema.optional(),
  /**
   * Provider routing preferences, sent as the body's `provider` object (named `routing` here because
   * `provider` is the client config's vendor name).
   */
  routing: ProviderRoutingSchema.optional(),
  /** A custom fetch (proxies, instrumentation). */
  fetch: z.custom<typeof fetch>((v) => typeof v === 'function', { message: 'fetch must be a function' }).optional(),
}));
export type OpenRouterSettings = z.input<typeof OpenRouterSettingsSchema>;

/**
 * What a call may put under `providerOptions.openrouter`: `models`, and `provider` (OpenRouter's own
 * name for the routing preferences) in the same camelCase shape as the settings' `routing`. They
 * override the settings for that call (`provider` field by field); any other key goes into the body
 * as it is.
 */
export const OpenRouterCallOptionsSchema = lazySchema(() => z.looseObject({
  models: ModelsSchema.optional(),
  provider: ProviderRoutingSchema.optional(),
}));
export type OpenRouterCallOptions = z.input<typeof OpenRouterCallOptionsSchema>;

/** The issues of OpenRouter's own settings, as `field: problem` lines (empty when they are valid). */
export function openRouterSettingsIssues(settings: unknown): string[] {
  const result = OpenRouterSettingsSchema.safeParse(settings);
  return result.success ? [] : describeIssues(result.error.issues);
}

/** Validates OpenRouter's own settings: a `configuration` LLMError names each bad field. */
export function parseOpenRouterSettings(settings: unknown): z.output<typeof OpenRouterSettingsSchema> {
  const result = OpenRouterSettingsSchema.safeParse(settings);
  if (result.success) return result.data;
  const fields = describeIssues(result.error.issues);
  throw new LLMError({ code: 'configuration', provider: 'openrouter', message: `invalid openrouter settings: ${fields.join('; ')}`, details: { fields } });
}

/** Validates a call's `providerOptions.openrouter`: an `invalid_request` LLMError names each bad field. */
export function parseOpenRouterCallOptions(options: unknown): z.output<typeof OpenRouterCallOptionsSchema> {
  const result = OpenRouterCallOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const fields = describeIssues(result.error.issues).map((f) => `providerOptions.openrouter.${f}`);
  throw new LLMError({ code: 'invalid_request', provider: 'openrouter', message: `invalid request: ${fields.join('; ')}`, details: { fields } });
}
