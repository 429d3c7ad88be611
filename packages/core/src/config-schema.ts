import { z } from 'zod';
import { parseDuration } from './duration.js';
import { LOG_LEVELS } from './logger.js';

/** A number, or a string holding one (from env or YAML). */
const numeric = (inner: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v), inner);

/** Milliseconds, from a number or `30s` / `500ms` / `2m`. */
export const DurationSchema = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 500ms or 2m, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return ms;
  });

export const RetryConfigSchema = z.object({
  /** Attempts after the first. */
  maxRetries: numeric(z.number().int().min(0).max(20)).default(2),
});

export const RateLimitConfigSchema = z.object({
  requestsPerMinute: numeric(z.number().positive()).optional(),
  tokensPerMinute: numeric(z.number().positive()).optional(),
  maxConcurrentCalls: numeric(z.number().int().positive()).optional(),
});

export const BUDGET_PERIODS = ['hour', 'day', 'week', 'month', 'total'] as const;
export const CostConfigSchema = z.object({
  /** USD: a call whose worst case could exceed this is refused before it is sent. */
  maxCostPerRequest: numeric(z.number().positive()).optional(),
  /** USD per budget period. */
  maxBudget: numeric(z.number().positive()).optional(),
  budgetPeriod: z.enum(BUDGET_PERIODS).optional(),
});

export const LoggingConfigSchema = z.object({
  level: z.enum(LOG_LEVELS).default('warn'),
  /** Log prompt and completion text (off by default). */
  logContent: z.boolean().default(false),
});

/** One client's configuration: the same shape from code, `LLM_*` variables or YAML. */
export const ClientConfigSchema = z.object({
  provider: z.string().min(1, 'a provider is required (openai, anthropic, google, groq, openrouter)'),
  model: z.string().min(1, 'a model is required'),
  apiKey: z.string().min(1).optional(),
  baseUrl: z.url().optional(),
  /** Total time per call. */
  timeout: DurationSchema.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  retry: RetryConfigSchema.prefault({}),
  rateLimit: RateLimitConfigSchema.prefault({}),
  cost: CostConfigSchema.prefault({}),
  logging: LoggingConfigSchema.prefault({}),
});

/** What a caller writes. */
export type ClientConfigInput = z.input<typeof ClientConfigSchema>;
/** What the parts receive: validated, defaults filled, durations in milliseconds. */
export type ClientConfig = z.output<typeof ClientConfigSchema>;
