import { z } from 'zod';
import { GEN_AI_SEMCONV_MODES, lazySchema } from '@llm/schema';
import { strictSection } from './config-keys.js';
import { MAX_TIMER_MS, parseDuration } from './duration.js';
import { LOG_LEVELS } from '../logging/index.js';
import { VENDOR_TRANSPORTS } from '../http/index.js';

/** A number, or a string holding one (from env or YAML). */
const numeric = (inner: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v), inner);

const durationSchema = (max: number | undefined) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 500ms or 2m, got ${JSON.stringify(typeof v === 'string' ? v.slice(0, 64) : v)}` });
      return z.NEVER;
    }
    if (max !== undefined && ms > max) {
      ctx.addIssue({ code: 'custom', message: `${ms} ms is longer than a timer can wait (at most ${max} ms, about 24.8 days)` });
      return z.NEVER;
    }
    return ms;
  });

/**
 * Milliseconds, from a number or `30s` / `500ms` / `2m`; at most {@link MAX_TIMER_MS}, since each
 * of these durations ends up in a timer (a longer one would fire at once).
 */
export const DurationSchema = lazySchema(() => durationSchema(MAX_TIMER_MS));

/** A duration that only ever becomes a store's expiry (cache entries, budget leases): no timer limit. */
export const LongDurationSchema = lazySchema(() => durationSchema(undefined));

/** A header name as HTTP allows it (a token). */
const HeaderNameSchema = lazySchema(() => z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name'));
/** A header value: no line breaks or NUL (they would split the request), no other control characters. */
// eslint-disable-next-line no-control-regex
const HeaderValueSchema = lazySchema(() => z.string().regex(/^[^\x00-\x08\x0a-\x1f\x7f]*$/, 'a header value may not hold line breaks or control characters'));

/** An http(s) URL without credentials in it (a password in the URL would show in errors and logs). */
const BaseUrlSchema = lazySchema(() => z.url().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `baseUrl must be http or https, got ${url.protocol}` });
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'baseUrl may not carry credentials (user:password@); pass the key as apiKey or in headers' });
  }
}));

export const RetryConfigSchema = lazySchema(() => strictSection({
  /** Attempts after the first (`LLM_MAX_RETRIES`). */
  maxRetries: numeric(z.number().int().min(0).max(20)).default(2),
  /** Delay before the first retry; each later one grows by `multiplier`, with full jitter. */
  initialDelay: DurationSchema.default(500),
  multiplier: numeric(z.number().min(1).max(10)).default(2),
  /** Ceiling of one delay. */
  maxDelay: DurationSchema.default(30_000),
  /** No retry is started (nor waited for) past this time from the first attempt. */
  maxTotalTime: DurationSchema.default(120_000),
}));

/** Limits of one call, on top of the top-level `timeout` (the total time, also handed to the SDK). */
export const TimeoutsConfigSchema = lazySchema(() => strictSection({
  /** The whole call, a stream until it finishes; defaults to the top-level `timeout`. */
  total: DurationSchema.optional(),
  /** A stream's first chunk. */
  firstChunk: DurationSchema.optional(),
  /** The longest gap between a stream's chunks. */
  idle: DurationSchema.optional(),
}));

export const RateLimitConfigSchema = lazySchema(() => strictSection({
  requestsPerMinute: numeric(z.number().positive()).optional(),
  tokensPerMinute: numeric(z.number().positive()).optional(),
  maxConcurrentCalls: numeric(z.number().int().positive()).optional(),
  /** Callers allowed to wait per provider and model; one more fails at once with `rate_limited`. */
  maxQueueSize: numeric(z.number().int().positive()).optional(),
  /** Longest wait for the rate limiter before a call fails with `rate_limited` (default 30 s). */
  maxWait: DurationSchema.default(30_000),
}));

/** `true`/`false` also as the strings env variables and YAML may give. */
const booleanish = lazySchema(() => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()));

/** The exact-match response cache (off by default). */
export const CacheConfigSchema = lazySchema(() => strictSection({
  enabled: booleanish.default(false),
  /** How long an entry lives. */
  ttl: LongDurationSchema.default(3_600_000),
  /** Entries kept (least recently used go first). */
  maxEntries: numeric(z.number().int().positive()).default(1000),
  /** Also cache requests whose temperature is not 0 (or not set): their replies vary, so off by default. */
  cacheNonZeroTemperature: booleanish.default(false),
}));

/** A circuit breaker per provider and model (on by default). */
export const CircuitBreakerConfigSchema = lazySchema(() => strictSection({
  enabled: booleanish.default(true),
  /** Opens after this many failures (rate_limited, overloaded, timeout, network, provider_error) in the window. */
  failureThreshold: numeric(z.number().int().positive()).default(5),
  /** Also opens when this share of the window's calls failed, once it holds `minimumCalls`. */
  failureRateThreshold: numeric(z.number().gt(0).max(1)).optional(),
  minimumCalls: numeric(z.number().int().positive()).default(10),
  /** The sliding window failures are counted in. */
  window: DurationSchema.default(60_000),
  /** How long it fails fast with `circuit_open` before letting a probe through. */
  openDuration: DurationSchema.default(30_000),
}));

export const BUDGET_PERIODS = ['hour', 'day', 'week', 'month', 'total'] as const;
export const CostConfigSchema = lazySchema(() => strictSection({
  /** USD: a call whose worst case could exceed this is refused before it is sent. */
  maxCostPerRequest: numeric(z.number().positive()).optional(),
  /** USD per budget period. */
  maxBudget: numeric(z.number().positive()).optional(),
  budgetPeriod: z.enum(BUDGET_PERIODS).optional(),
  /** `calendar` (UTC hour/day/ISO week/month, the default) or `rolling` (the last period's length). */
  budgetWindow: z.enum(['calendar', 'rolling']).optional(),
  /** One budget per value of this request tag (`user`, `tenant`); one global budget when absent. */
  budgetTag: z.string().min(1).optional(),
  /** Clients with the same name (and store) share a budget. Default `llm`. */
  budgetName: z.string().min(1).optional(),
  /** Fractions of maxBudget to alert at, once per period each (`0.5,0.8,1` from env). */
  alertThresholds: z
    .preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => Number(s.trim())) : v), z.array(z.number().gt(0).max(1)).min(1))
    .optional(),
  /** How long a reservation of a call that never ends (a crashed process) holds budget. */
  reservationLease: LongDurationSchema.optional(),
  /** The output allowed (and set) for a request without maxTokens when a limit is on. Default 4096. */
  defaultMaxOutputTokens: numeric(z.number().int().positive()).optional(),
  /** `vendor`: count prompts with the vendor's count endpoint where there is no public tokenizer (a network call each). */
  countTokens: z.enum(['local', 'vendor']).optional(),
  /** With a limit on, a model of unknown price is refused (`reject`, default) or let through uncounted (`allow`). */
  unpricedModels: z.enum(['reject', 'allow']).optional(),
  /** Your own prices, USD per million tokens, keyed `provider:model`, `model` or `prefix*`; they win over the catalog's. */
  prices: z
    .record(
      z.string().min(1),
      strictSection({
        input: numeric(z.number().nonnegative()),
        output: numeric(z.number().nonnegative()),
        cachedInput: numeric(z.number().nonnegative()).optional(),
        cacheWrite: numeric(z.number().nonnegative()).optional(),
        reasoning: numeric(z.number().nonnegative()).optional(),
        perRequest: numeric(z.number().nonnegative()).optional(),
      }),
    )
    .optional(),
}));

/** OpenTelemetry spans and metrics (recorded only when an SDK is registered, or a tracer/meter is given). */
export const TelemetryConfigSchema = lazySchema(() => strictSection({
  /** Add the tracing and metrics middlewares to the default stack. */
  enabled: booleanish.default(true),
  /** Record prompt and completion content on spans (`gen_ai.input.messages`...). Off by default: it may hold personal data. */
  recordContent: booleanish.default(false),
  /**
   * Which GenAI semantic-convention names to emit: `established` (v1.41.1, what most backends read),
   * `latest` (open-telemetry/semantic-conventions-genai) or `both`. Unset: what
   * `OTEL_SEMCONV_STABILITY_OPT_IN` asks for (`gen_ai_latest_experimental`, `gen_ai_latest_experimental/dup`), else `established`.
   */
  semconv: z.enum(GEN_AI_SEMCONV_MODES).optional(),
}));

export const LoggingConfigSchema = lazySchema(() => strictSection({
  level: z.enum(LOG_LEVELS).default('warn'),
  /** Log prompt and completion text (off by default). */
  logContent: booleanish.default(false),
}));

/** One client's configuration: the same shape from code, `LLM_*` variables or YAML. */
export const ClientConfigSchema = lazySchema(() => strictSection({
  provider: z.string().min(1, 'a provider is required (openai, anthropic, google, groq, openrouter)'),
  model: z.string().min(1, 'a model is required'),
  apiKey: z.string().min(1).optional(),
  baseUrl: BaseUrlSchema.optional(),
  /** Total time per call. */
  timeout: DurationSchema.optional(),
  headers: z.record(HeaderNameSchema, HeaderValueSchema).optional(),
  /** Reuse HTTP connections (keep-alive); `false` makes providers open a connection per call. */
  keepAlive: booleanish.default(true),
  /** How the vendor SDK reaches the vendor: `node-http` or `fetch`; unset, `node-http` on Node unless a proxy or an undici dispatcher is set. */
  transport: z.enum(VENDOR_TRANSPORTS).optional(),
  retry: RetryConfigSchema.prefault({}),
  timeouts: TimeoutsConfigSchema.prefault({}),
  circuitBreaker: CircuitBreakerConfigSchema.prefault({}),
  rateLimit: RateLimitConfigSchema.prefault({}),
  cache: CacheConfigSchema.prefault({}),
  cost: CostConfigSchema.prefault({}),
  logging: LoggingConfigSchema.prefault({}),
  telemetry: TelemetryConfigSchema.prefault({}),
}));

/** What a caller writes. */
export type ClientConfigInput = z.input<typeof ClientConfigSchema>;
/** What the parts receive: validated, defaults filled, durations in milliseconds. */
export type ClientConfig = z.output<typeof ClientConfigSchema>;
