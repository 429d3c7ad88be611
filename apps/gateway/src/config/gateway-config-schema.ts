import { ApiKeyBudgetSchema, ApiKeyLimitsSchema, ClientConfigSchema, DurationSchema, VENDOR_TRANSPORTS } from '@llm/core';
import { LLM_ERROR_CODES } from '@llm/errors';
import { z } from 'zod';
import { parseByteSize } from './byte-size.js';
import { unknownKeys } from './strict-keys.js';
import { GATEWAY_PROVIDER_NAMES } from './gateway-providers.js';

/** The client settings a model entry may override (a subset of @llm/core's ClientConfigSchema). */
export const ClientOptionsSchema = ClientConfigSchema.pick({
  timeout: true,
  timeouts: true,
  retry: true,
  circuitBreaker: true,
  rateLimit: true,
  cache: true,
  cost: true,
  logging: true,
  telemetry: true,
  headers: true,
  keepAlive: true,
}).partial();

/** What a config file writes for a model's client stack (durations as `30s`, and so on). */
export type ModelOptions = z.input<typeof ClientOptionsSchema>;

/**
 * Options of the framework's client stack for one upstream model (timeouts, retry, circuit
 * breaker, upstream rate limits, cache, model budgets, logging, telemetry): `defaults`, each
 * provider's `options` and each route target's `options` merge in that order. Checked here
 * (unknown keys too), kept as written: the client factory fills defaults after merging.
 */
export const ModelOptionsSchema = z.custom<ModelOptions>().superRefine((value, ctx) => {
  const result = ClientOptionsSchema.strict().safeParse(value);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  for (const path of unknownKeys(ClientOptionsSchema, value)) {
    if (path.includes('.')) ctx.addIssue({ code: 'custom', message: 'not an option the client stack knows', path: path.split('.') });
  }
});

const ByteSizeSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const bytes = parseByteSize(v);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a size such as 4mb, 512kb or a number of bytes, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return bytes;
});

const ModelId = z.string().regex(/^[a-z][a-z0-9-]*:.+$/, 'expected provider:model, such as openai:gpt-4o-mini');

/** One upstream model of a route: `provider:model`, or that with options (and a weight in a load-balanced group). */
const TargetSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { model: v } : v),
  z.strictObject({ model: ModelId, options: ModelOptionsSchema.optional(), weight: z.number().min(0).optional() }),
);

const ROUTE_KINDS = ['model', 'fallback', 'loadBalance', 'recommend', 'experiment'] as const;

/** What each upstream model's failures move a chain on: the retryable codes and circuit_open by default. */
const FallbackOnSchema = z.array(z.enum(LLM_ERROR_CODES)).min(1);

/**
 * A route that picks one of its models per request with `@llm/recommend`: the request's needs
 * (tools, structured output, images, size) added to the profile's, the models ranked by cost,
 * quality and what else the weights say, the best tried first. The ranking options (`profile`,
 * `needs`, `weights`, `method`, `constraints`, `quality`, `observed`, `minCalls`) are the
 * recommender's own and are checked by it when the route is built.
 */
const RecommendRouteSchema = z.strictObject({
  /** The candidates: `provider:model` ids the catalog knows (their facts and prices rank them). */
  models: z.array(ModelId).min(1),
  /** Client options for every candidate's stack. */
  options: ModelOptionsSchema.optional(),
  /** How many ranked models one call may try in turn (default 3). */
  maxModels: z.number().int().min(1).optional(),
  fallbackOn: FallbackOnSchema.optional(),
  profile: z.unknown().optional(),
  needs: z.unknown().optional(),
  weights: z.unknown().optional(),
  method: z.unknown().optional(),
  constraints: z.unknown().optional(),
  quality: z.unknown().optional(),
  observed: z.unknown().optional(),
  minCalls: z.unknown().optional(),
  /**
   * Observed latency, first chunk, error rate and throughput from the gateway's own analytics (on
   * when `telemetry.analytics` is): over the last `window`, re-read at most every `refresh`; a
   * model without recorded calls keeps its `observed` value. `false`: only the static values.
   */
  analytics: z
    .union([z.literal(false), z.strictObject({ window: DurationSchema.default(3_600_000), refresh: DurationSchema.default(60_000) })])
    .optional(),
});

/** One arm of an experiment: a name, the model that serves it (with options) and its share. */
const ArmSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'arm names are 1-64 letters, digits, ., _ or -'),
  model: ModelId,
  options: ModelOptionsSchema.optional(),
  weight: z.number().positive().default(1),
});

/**
 * An A/B test with `@llm/recommend`: each client key is assigned to one arm by a stable hash
 * (sticky across calls and replicas), a `holdout` share gets the first arm (the control) and is not
 * recorded; every call in the experiment is recorded for `/admin/experiments`.
 */
const ExperimentRouteSchema = z.strictObject({
  /** The experiment's id (default: the public model name); changing it re-assigns every key. */
  id: z.string().min(1).optional(),
  /** Two or more arms; the first is the control. */
  arms: z
    .array(ArmSchema)
    .min(2, 'an experiment needs at least two arms')
    .refine((arms) => new Set(arms.map((a) => a.name)).size === arms.length, 'arm names must be unique'),
  holdout: z.number().min(0).lt(1).optional(),
  salt: z.string().optional(),
});

export type RecommendRouteConfig = z.output<typeof RecommendRouteSchema>;
export type ExperimentRouteConfig = z.output<typeof ExperimentRouteSchema>;

/**
 * A public model name's route: one model; a fallback chain; a load-balanced group; a model chosen
 * per request by the recommender (`recommend`); or an A/B test of models (`experiment`).
 */
const RouteSchema = z
  .preprocess(
    (v) => (typeof v === 'string' ? { model: v } : v),
    z.strictObject({
      model: ModelId.optional(),
      options: ModelOptionsSchema.optional(),
      fallback: z.array(TargetSchema).min(1).optional(),
      /** The codes that move a fallback chain on (the retryable ones and circuit_open by default). */
      fallbackOn: FallbackOnSchema.optional(),
      loadBalance: z
        .strictObject({ strategy: z.enum(['weighted-random', 'least-busy']).default('weighted-random'), targets: z.array(TargetSchema).min(1) })
        .optional(),
      recommend: RecommendRouteSchema.optional(),
      experiment: ExperimentRouteSchema.optional(),
      description: z.string().optional(),
    }),
  )
  .superRefine((route, ctx) => {
    const kinds = ROUTE_KINDS.filter((k) => route[k] !== undefined);
    if (kinds.length !== 1) ctx.addIssue({ code: 'custom', message: `a route has exactly one of ${ROUTE_KINDS.join(', ')}${kinds.length ? ` (got ${kinds.join(' and ')})` : ''}` });
    if (route.options !== undefined && route.model === undefined) ctx.addIssue({ code: 'custom', path: ['options'], message: 'route options go with `model`; give each fallback or load-balanced target its own options' });
    if (route.fallbackOn !== undefined && route.fallback === undefined) ctx.addIssue({ code: 'custom', path: ['fallbackOn'], message: 'fallbackOn goes with fallback' });
  });

/** A client key in the config file: its hash (`sha256:...`, from `llm-gateway hash-key`), or the key itself (hashed at start; prefer `${VAR}`). */
const ConfigKeySchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'ids are 1-128 letters, digits, ., _, : or -'),
    name: z.string().max(200).optional(),
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected a key hash such as sha256:<64 hex digits> (llm-gateway hash-key KEY)').optional(),
    key: z.string().min(16, 'keys are at least 16 characters').optional(),
    models: z.array(z.string().min(1)).optional(),
    budget: ApiKeyBudgetSchema.optional(),
    limits: ApiKeyLimitsSchema.optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((k, ctx) => {
    if ((k.hash === undefined) === (k.key === undefined)) ctx.addIssue({ code: 'custom', message: 'give exactly one of hash or key' });
  });

export const GatewayConfigSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Largest request body accepted (413 beyond). */
      maxBodySize: ByteSizeSchema.default(4 * 1024 * 1024),
      /** How long in-flight requests get to finish after SIGTERM. */
      shutdownGrace: DurationSchema.default(10_000),
      /** The access log and the gateway's own messages (JSON lines on stderr). */
      logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
      /** Client stacks kept for `provider:model` ids that clients name (least recently used dropped beyond). */
      maxProviderModels: z.number().int().min(1).default(256),
    })
    .prefault({}),
  /** Vendors to serve, with their keys (`${OPENAI_API_KEY}`) and base URLs; without this section, those whose keys are in the environment. */
  providers: z
    .partialRecord(
      z.enum(GATEWAY_PROVIDER_NAMES),
      z.strictObject({
        apiKey: z.string().min(1).optional(),
        baseUrl: z.url().optional(),
        /**
         * How this vendor's SDK reaches it: `node-http` (the gateway's node:http pool, whatever the
         * proxy variables say) or `fetch` (Node's fetch, always). Unset: the pool, and Node's fetch
         * while a proxy variable is set or an undici dispatcher was chosen, as the providers' default.
         */
        transport: z.enum(VENDOR_TRANSPORTS, { error: (issue) => `expected ${VENDOR_TRANSPORTS.map((t) => `"${t}"`).join(' or ')}, got ${JSON.stringify(issue.input)}` }).optional(),
        options: ModelOptionsSchema.optional(),
      }),
    )
    .optional(),
  /** Options for every upstream model. */
  defaults: ModelOptionsSchema.optional(),
  /** Public model names and their routes. */
  models: z.record(z.string().regex(/^[^\s/]+(\/[^\s/]+)*$/, 'model names have no spaces'), RouteSchema).optional(),
  /** Also serve `provider:model` for every configured provider (default true). */
  exposeProviderModels: z.boolean().default(true),
  keys: z.array(ConfigKeySchema).optional(),
  admin: z.strictObject({ masterKey: z.string().min(16, 'the master key is at least 16 characters') }).optional(),
  stores: z
    .strictObject({
      redis: z
        .strictObject({
          url: z.string().min(1),
          keyPrefix: z.string().default('llm-gateway:'),
          onConnectionError: z.enum(['fail', 'fallback-local']).default('fail'),
        })
        .optional(),
      /** Client keys issued through the admin API, the keys' budgets (in place of Redis), experiment calls and the analytics records, shared by every replica and kept across restarts (`@llm/postgres`). */
      postgres: z
        .strictObject({
          url: z.string().min(1),
          /** Connections this process opens at most (one pool for every PostgreSQL store); a budget reservation holds one for a short transaction. */
          poolSize: z.number().int().min(1).max(1000).default(10),
        })
        .optional(),
    })
    .prefault({}),
  telemetry: z
    .strictObject({
      metrics: z.boolean().default(true),
      /** Records of every upstream call and attempt (`@llm/analytics`; in PostgreSQL with `stores.postgres`): `/admin/analytics`. */
      analytics: z.boolean().default(true),
    })
    .prefault({}),
  health: z.strictObject({ cacheTtl: DurationSchema.default(30_000), timeout: DurationSchema.default(5_000) }).prefault({}),
});

export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;
export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
export type RouteConfig = NonNullable<GatewayConfig['models']>[string];
export type TargetConfig = z.output<typeof TargetSchema>;
export type ConfigKey = z.output<typeof ConfigKeySchema>;
