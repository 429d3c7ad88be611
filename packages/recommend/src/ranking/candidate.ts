/**
 * What the recommender knows of a model. The shape is a subset of `@llm/catalog`'s model record, so
 * a catalog's records are candidates as they are (`recommend(catalog.list(), ...)`); a plain object
 * of your own works too. Unknown facts are `null`, `undefined` or `"unknown"`: the recommender never
 * reads an unknown as "no".
 */
export type Flag = boolean | 'unknown';
export type Modality = 'text' | 'image' | 'pdf' | 'audio' | 'video' | 'embedding';
export type CandidateStatus = 'active' | 'preview' | 'deprecated';

/** The capabilities a task can need (the names of the catalog's capability flags). */
export const NEEDABLE_CAPABILITIES = ['toolCalling', 'structuredOutput', 'jsonMode', 'reasoning', 'promptCaching'] as const;
export type NeedableCapability = (typeof NEEDABLE_CAPABILITIES)[number];

export interface Candidate {
  /** `provider:model`. */
  readonly id: string;
  readonly provider: string;
  readonly model: string;
  readonly status?: { readonly value: CandidateStatus } | null | undefined;
  readonly limits?: { readonly context: number | null; readonly output: number | null } | null | undefined;
  readonly modalities?: { readonly input: readonly Modality[] | null; readonly output: readonly Modality[] | null } | null | undefined;
  readonly capabilities?: Partial<Record<NeedableCapability, Flag>> | null | undefined;
  /** US dollars per million tokens; `perRequest` in US dollars per call. */
  readonly prices?:
    | {
        readonly input: number | null;
        readonly output: number | null;
        readonly cachedInput?: number | null | undefined;
        readonly perRequest?: number | null | undefined;
      }
    | null
    | undefined;
}

/**
 * What was observed of a model in production (from `@llm/analytics` or your own numbers). Any field
 * may be missing; `calls` says how much the numbers rest on.
 */
export interface ObservedPerformance {
  /** How many calls the numbers come from. */
  readonly calls: number;
  /** 95th percentile of the whole call's duration, ms. */
  readonly latencyP95Ms?: number | undefined;
  /** 95th percentile of the time to the first streamed chunk, ms. */
  readonly timeToFirstChunkP95Ms?: number | undefined;
  /** Share of calls that failed, 0..1. */
  readonly errorRate?: number | undefined;
  /** Output tokens per second while streaming (median). */
  readonly outputTokensPerSecond?: number | undefined;
}
