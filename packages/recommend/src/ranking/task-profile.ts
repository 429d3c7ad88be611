import type { Criterion, Weights } from './criteria.js';
import type { Modality, NeedableCapability } from './candidate.js';

/** What a task needs of a model, whatever its ranking weights. */
export interface TaskNeeds {
  /** Capabilities the model must have (the catalog says `true`). */
  readonly capabilities: readonly NeedableCapability[];
  /** Input modalities beyond text the model must take. */
  readonly inputModalities: readonly Modality[];
  /** Prompt tokens of a typical call (or the estimate for a concrete request). */
  readonly inputTokens: number;
  /** Output tokens of a typical call (or the request's `maxTokens`). */
  readonly outputTokens: number;
  /** Share of the input read from a prompt cache (0..1), priced at the cached price where there is one. */
  readonly cachedInputShare: number;
  /** The context window the model must have: input + output tokens unless set higher. */
  readonly minContext: number;
}

export interface TaskProfile {
  readonly name: string;
  readonly description: string;
  readonly weights: Readonly<Weights>;
  readonly needs: TaskNeeds;
}

function needs(partial: Partial<TaskNeeds> & { inputTokens: number; outputTokens: number }): TaskNeeds {
  return {
    capabilities: partial.capabilities ?? [],
    inputModalities: partial.inputModalities ?? [],
    inputTokens: partial.inputTokens,
    outputTokens: partial.outputTokens,
    cachedInputShare: partial.cachedInputShare ?? 0,
    minContext: partial.minContext ?? partial.inputTokens + partial.outputTokens,
  };
}

const profile = (name: string, description: string, weights: Weights, taskNeeds: TaskNeeds): TaskProfile =>
  Object.freeze({ name, description, weights: Object.freeze(weights), needs: Object.freeze(taskNeeds) });

/**
 * The built-in task profiles: weights over the criteria and what the task needs. Token mixes are a
 * typical call of the kind; give a concrete request to `recommend` to use its own.
 */
export const TASK_PROFILES = Object.freeze({
  chat: profile(
    'chat',
    'A conversational assistant: quality first, then cost and responsiveness.',
    { quality: 0.35, cost: 0.25, latency: 0.1, timeToFirstChunk: 0.2, errorRate: 0.1 },
    needs({ inputTokens: 1500, outputTokens: 400 }),
  ),
  code: profile(
    'code',
    'Writing and changing code: quality dominates; long outputs make throughput count a little.',
    { quality: 0.8, cost: 0.05, errorRate: 0.1, throughput: 0.05 },
    needs({ inputTokens: 6000, outputTokens: 1500 }),
  ),
  extraction: profile(
    'extraction',
    'Structured output from documents: needs JSON Schema output; cost and reliability matter as much as quality.',
    { quality: 0.3, cost: 0.35, latency: 0.1, errorRate: 0.25 },
    needs({ inputTokens: 2500, outputTokens: 300, capabilities: ['structuredOutput'] }),
  ),
  'long-context': profile(
    'long-context',
    'Reading long inputs (100k tokens and more): the context window is a hard need; input price dominates cost.',
    { quality: 0.35, cost: 0.4, latency: 0.1, errorRate: 0.15 },
    needs({ inputTokens: 120_000, outputTokens: 1000 }),
  ),
  vision: profile(
    'vision',
    'Questions about images: needs image input.',
    { quality: 0.4, cost: 0.3, latency: 0.15, errorRate: 0.15 },
    needs({ inputTokens: 2000, outputTokens: 400, inputModalities: ['image'] }),
  ),
  bulk: profile(
    'bulk',
    'Large batches of cheap calls: cost above all, then reliability and throughput.',
    { cost: 0.7, errorRate: 0.15, throughput: 0.15 },
    needs({ inputTokens: 800, outputTokens: 200 }),
  ),
  'low-latency': profile(
    'low-latency',
    'Interactive features where the first token must come fast.',
    { timeToFirstChunk: 0.4, latency: 0.25, cost: 0.15, errorRate: 0.1, quality: 0.1 },
    needs({ inputTokens: 600, outputTokens: 150 }),
  ),
} satisfies Record<string, TaskProfile>);

export type TaskProfileName = keyof typeof TASK_PROFILES;

export const isTaskProfileName = (name: string): name is TaskProfileName => Object.hasOwn(TASK_PROFILES, name);

/** The criteria a profile gives weight to. */
export const weightedCriteria = (weights: Readonly<Weights>): Criterion[] =>
  (Object.keys(weights) as Criterion[]).filter((c) => (weights[c] ?? 0) > 0);
