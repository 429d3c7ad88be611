import type { UsageCostField, UsageTokenFields } from '@llm/core';
import type { LLMErrorCode } from '@llm/errors';

/** `call`: what the caller saw (cache, fallback and retries included); `attempt`: one try at one model. */
export const RECORD_KINDS = ['call', 'attempt'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const OUTCOMES = ['success', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * One call, or one attempt of a call, as the middleware stack saw it. Times are in ms; `start`
 * is ms since the epoch. The token counts (core's `USAGE_TOKEN_FIELDS`: input, output, cached
 * input and cache write (both part of input), reasoning (part of output)) are what the vendor
 * billed (0 for a cache hit or a failure); `costUsd` and its parts (`USAGE_COST_FIELDS`: uncached
 * input, plain output, cached input, cache write, reasoning) are USD, absent when no price is known
 * (never 0 for "unknown").
 */
export interface CallRecord extends UsageTokenFields, Partial<Record<UsageCostField, number>> {
  /**
   * Unique (a random per-process prefix and a counter; an attempt's is its call's id and its number):
   * a store keeps one record per id, so a retried write never counts twice.
   */
  id: string;
  kind: RecordKind;
  /** The call this record belongs to (a `call` record's own id). */
  callId: string;
  /** For an attempt, its number (1 first); for a call, how many attempts it took (0 when served from the cache). */
  attempt: number;
  provider: string;
  /** The model asked for (the client's model id); on a fallback, the model that answered. */
  model: string;
  /** The model the vendor said answered (`gpt-4o-mini-2024-07-18`), when it said. */
  responseModel?: string;
  /** `chat` (a `complete()` is a one-turn chat). */
  operation: string;
  streamed: boolean;
  start: number;
  durationMs: number;
  /** Streams: from the start to the first output chunk. */
  ttfcMs?: number;
  /** Streams with two or more output chunks: the mean time between chunks after the first. */
  chunkMs?: number;
  /** Streams: output chunks seen (text, reasoning and tool-call deltas). */
  outputChunks?: number;
  outcome: Outcome;
  errorCode?: LLMErrorCode;
  /** Attempts after the first (a call's retries; an attempt's number minus one). */
  retries: number;
  /** 0 when the first model answered (or failed without falling back); n when the n-th fallback did. */
  fallbackHop: number;
  /** Served from the response cache. */
  cacheHit: boolean;
  /** The request's tags (`experiment` and `arm` are moved to their own fields). */
  tags?: Readonly<Record<string, string>>;
  experiment?: string;
  arm?: string;
}

/** The tag keys that name an A/B experiment and its arm on a request (`request.tags`). */
export const EXPERIMENT_TAG = 'experiment';
export const ARM_TAG = 'arm';

const SPECIAL = /[%;=]/;
const escape = (text: string): string => (SPECIAL.test(text) ? text.replace(/[%;=]/g, encodeURIComponent) : text);

/**
 * `feature=search;user=alice` (keys sorted; `%`, `;` and `=` inside keys and values escaped as in
 * URLs), or '' for none: how tags are grouped and stored. `keys` keeps only those tags.
 */
export function tagsLabel(tags: Readonly<Record<string, string>> | undefined, keys?: readonly string[]): string {
  if (!tags) return '';
  const names = Object.keys(tags);
  if (names.length > 1) names.sort();
  let out = '';
  for (const key of names) {
    if (keys && !keys.includes(key)) continue;
    out += `${out ? ';' : ''}${escape(key)}=${escape(tags[key]!)}`;
  }
  return out;
}

/** The inverse of {@link tagsLabel}. */
export function parseTagsLabel(label: string): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!label) return tags;
  for (const part of label.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
  }
  return tags;
}
