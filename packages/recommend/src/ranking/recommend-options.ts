import { LLMError } from '@llm/errors';
import type { TokenCounter } from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import { z } from 'zod';
import type { Candidate, ObservedPerformance } from './candidate.js';
import { NEEDABLE_CAPABILITIES } from './candidate.js';
import type { Constraints } from './constraints.js';
import { CRITERIA, type Weights } from './criteria.js';
import type { RankingMethod } from './explanation.js';
import { isTaskProfileName, type TaskNeeds, type TaskProfile, type TaskProfileName } from './task-profile.js';

export interface RecommendOptions {
  /** A built-in profile's name or a profile of your own; default `chat`. */
  readonly profile?: TaskProfileName | TaskProfile | undefined;
  /** A concrete request: its tools, output format, images and size add to the profile's needs. */
  readonly request?: ChatRequest<unknown> | undefined;
  /** Overrides of the needs (token mix, minimum context, capabilities). */
  readonly needs?: Partial<TaskNeeds> | undefined;
  /** Your own weights: they replace the profile's (criteria left out weigh 0). */
  readonly weights?: Weights | undefined;
  /** Default `weighted-sum`. */
  readonly method?: RankingMethod | undefined;
  readonly constraints?: Constraints | undefined;
  /** Quality scores by `provider:model` id, any scale, higher is better (your evals, an arena table, experiment outcomes). */
  readonly quality?: Readonly<Record<string, number>> | undefined;
  /** Observed performance by id (e.g. from `@llm/analytics`). */
  readonly observed?: Readonly<Record<string, ObservedPerformance>> | ((id: string) => ObservedPerformance | undefined) | undefined;
  /** Observations resting on fewer calls are ignored (default 20). */
  readonly minCalls?: number | undefined;
  /** Counts a request's prompt (default: the dependency-free estimate of `@llm/core`). */
  readonly tokenCounter?: Pick<TokenCounter, 'countRequest'> | undefined;
}

const nonNegative = z.number().finite().nonnegative();
const ids = z.array(z.string().min(1)).optional();

const WeightsSchema = z
  .object(Object.fromEntries(CRITERIA.map((c) => [c, nonNegative.optional()])) as Record<(typeof CRITERIA)[number], z.ZodOptional<typeof nonNegative>>)
  .strict()
  .refine((w) => Object.values(w).some((v) => (v ?? 0) > 0), 'at least one weight must be positive');

const NeedsSchema = z
  .object({
    capabilities: z.array(z.enum(NEEDABLE_CAPABILITIES)).optional(),
    inputModalities: z.array(z.enum(['text', 'image', 'pdf', 'audio', 'video'])).optional(),
    inputTokens: z.number().int().nonnegative().optional(),
    outputTokens: z.number().int().nonnegative().optional(),
    cachedInputShare: z.number().min(0).max(1).optional(),
    minContext: z.number().int().nonnegative().optional(),
  })
  .strict();

const ConstraintsSchema = z
  .object({
    providers: z.object({ allow: ids, deny: ids }).strict().optional(),
    models: z.object({ allow: ids, deny: ids }).strict().optional(),
    statuses: z.array(z.enum(['active', 'preview', 'deprecated'])).optional(),
    maxCostPerCall: nonNegative.optional(),
    maxInputPricePerMTok: nonNegative.optional(),
    maxOutputPricePerMTok: nonNegative.optional(),
    maxLatencyP95Ms: nonNegative.optional(),
    maxTimeToFirstChunkP95Ms: nonNegative.optional(),
    maxErrorRate: z.number().min(0).max(1).optional(),
    minOutputTokensPerSecond: nonNegative.optional(),
    allowUnknown: z.boolean().optional(),
  })
  .strict();

const ProfileSchema = z.union([
  z.string().refine(isTaskProfileName, { message: 'unknown profile; expected chat, code, extraction, long-context, vision, bulk or low-latency' }),
  z.object({ name: z.string().min(1), description: z.string(), weights: WeightsSchema, needs: NeedsSchema.required() }).strict(),
]);

const ObservedSchema = z
  .object({
    calls: z.number().int().nonnegative(),
    latencyP95Ms: nonNegative.optional(),
    timeToFirstChunkP95Ms: nonNegative.optional(),
    errorRate: z.number().min(0).max(1).optional(),
    outputTokensPerSecond: nonNegative.optional(),
  })
  .strict();

const OptionsSchema = z
  .object({
    profile: ProfileSchema.optional(),
    request: z.looseObject({ messages: z.array(z.unknown()).min(1) }).optional(),
    needs: NeedsSchema.optional(),
    weights: WeightsSchema.optional(),
    method: z.enum(['weighted-sum', 'topsis']).optional(),
    constraints: ConstraintsSchema.optional(),
    quality: z.record(z.string(), z.number().finite()).optional(),
    observed: z.union([z.record(z.string(), ObservedSchema), z.custom<(id: string) => unknown>((v) => typeof v === 'function')]).optional(),
    minCalls: z.number().int().nonnegative().optional(),
    tokenCounter: z.looseObject({ countRequest: z.custom<() => unknown>((v) => typeof v === 'function') }).optional(),
  })
  .strict();

const price = z.number().finite().nonnegative().nullable();
/** What is checked of a candidate: the facts the recommender reads; anything else on it is left alone. */
const CandidateSchema = z.looseObject({
  id: z.string().min(3),
  provider: z.string().min(1),
  model: z.string().min(1),
  status: z.looseObject({ value: z.enum(['active', 'preview', 'deprecated']) }).nullish(),
  limits: z.looseObject({ context: z.number().int().positive().nullable(), output: z.number().int().positive().nullable() }).nullish(),
  modalities: z.looseObject({ input: z.array(z.string()).nullable(), output: z.array(z.string()).nullable() }).nullish(),
  capabilities: z.record(z.string(), z.union([z.boolean(), z.literal('unknown')])).nullish(),
  prices: z.looseObject({ input: price, output: price, cachedInput: price.optional(), perRequest: price.optional() }).nullish(),
});

function issuesText(error: z.ZodError, prefix: string): string {
  return error.issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`).join('; ');
}

/** Checks the options; a bad one is a `configuration` LLMError naming every bad field. */
export function checkRecommendOptions(options: RecommendOptions): void {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) throw new LLMError({ code: 'configuration', message: `invalid recommend options: ${issuesText(parsed.error, '')}`, local: true });
}

/** Checks the candidates (facts the recommender reads, unique ids); a bad one is a `configuration` LLMError naming it. */
export function checkCandidates(candidates: readonly Candidate[]): void {
  if (!Array.isArray(candidates)) throw new LLMError({ code: 'configuration', message: 'candidates must be an array of model records', local: true });
  const seen = new Set<string>();
  const problems: string[] = [];
  candidates.forEach((candidate, index) => {
    const parsed = CandidateSchema.safeParse(candidate);
    const name = typeof (candidate as { id?: unknown } | null)?.id === 'string' ? (candidate as { id: string }).id : `#${index}`;
    if (!parsed.success) problems.push(issuesText(parsed.error, `candidates[${name}]`));
    else if (seen.has(candidate.id)) problems.push(`candidates[${name}]: the id appears twice`);
    else seen.add(candidate.id);
  });
  if (problems.length > 0) throw new LLMError({ code: 'configuration', message: `invalid candidates: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`, local: true });
}
