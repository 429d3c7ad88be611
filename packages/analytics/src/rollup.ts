import { USAGE_TOKEN_FIELDS, type UsageTokenFields } from '@llm/core';
import type { CallRecord, RecordKind } from './call-record.js';
import { tagsLabel } from './call-record.js';
import { emptySketch, sketchAdd, sketchMergeInto, type SketchData } from './quantile-sketch.js';

/** Roll-up levels, finest first. Buckets are UTC: a day starts at 00:00Z. */
export const ROLLUP_LEVELS = ['minute', 'hour', 'day'] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

export const LEVEL_MS: Readonly<Record<RollupLevel, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The start of the bucket of `level` that holds `time` (ms since the epoch). */
export function bucketStart(time: number, level: RollupLevel | number): number {
  const size = typeof level === 'number' ? level : LEVEL_MS[level];
  return Math.floor(time / size) * size;
}

/** What a roll-up row is about: one series of records. */
export interface SeriesKey {
  kind: RecordKind;
  provider: string;
  model: string;
  operation: string;
  streamed: boolean;
  /** {@link tagsLabel} of the record's tags (only the roll-up tag keys, when the store limits them). */
  tags: string;
  /** '' when none. */
  experiment: string;
  arm: string;
}

/** Token counts and dollars of the calls that had a price, split by part: what cost drift is explained with. */
export interface PricedParts {
  calls: number;
  /** Tokens: uncached input, cached input (reads and writes), plain output, reasoning. */
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  inputUsd: number;
  cachedUsd: number;
  outputUsd: number;
  reasoningUsd: number;
  /** Per-request fees and vendor-reported totals without parts. */
  otherUsd: number;
}

/**
 * The sums of one bucket of one series. Latency and TTFC cover successful calls not served from the
 * cache. The token sums are core's `USAGE_TOKEN_FIELDS`.
 */
export interface RollupStats extends UsageTokenFields {
  count: number;
  errors: number;
  errorCodes: Record<string, number>;
  cacheHits: number;
  retries: number;
  /** Records answered (or failed) past the first model. */
  fallbacks: number;
  latency: SketchData;
  ttfc: SketchData;
  chunkMsSum: number;
  chunkCount: number;
  /** Output tokens and the ms spent generating them (a stream's time after its first chunk), for tokens per second. */
  genTokens: number;
  genMs: number;
  costUsd: number;
  priced: PricedParts;
}

export interface RollupRow extends SeriesKey {
  level: RollupLevel;
  bucket: number;
  stats: RollupStats;
}

export function emptyPriced(): PricedParts {
  return { calls: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0, reasoningTokens: 0, inputUsd: 0, cachedUsd: 0, outputUsd: 0, reasoningUsd: 0, otherUsd: 0 };
}

export function emptyStats(): RollupStats {
  return {
    count: 0,
    errors: 0,
    errorCodes: {},
    cacheHits: 0,
    retries: 0,
    fallbacks: 0,
    latency: emptySketch(),
    ttfc: emptySketch(),
    chunkMsSum: 0,
    chunkCount: 0,
    genTokens: 0,
    genMs: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    priced: emptyPriced(),
  };
}

export function seriesKeyOf(record: CallRecord, tagKeys?: readonly string[]): SeriesKey {
  return {
    kind: record.kind,
    provider: record.provider,
    model: record.model,
    operation: record.operation,
    streamed: record.streamed,
    tags: tagsLabel(record.tags, tagKeys),
    experiment: record.experiment ?? '',
    arm: record.arm ?? '',
  };
}

/** One string per series: the key of maps and of stored rows. */
export function seriesId(key: SeriesKey): string {
  return `${key.kind}\u0000${key.provider}\u0000${key.model}\u0000${key.operation}\u0000${key.streamed ? 1 : 0}\u0000${key.tags}\u0000${key.experiment}\u0000${key.arm}`;
}


function addPriced(priced: PricedParts, r: CallRecord, cost: number): void {
  const cached = r.cachedInputTokens + r.cacheWriteTokens;
  priced.calls += 1;
  priced.inputTokens += Math.max(0, r.inputTokens - cached);
  priced.cachedTokens += cached;
  priced.outputTokens += Math.max(0, r.outputTokens - r.reasoningTokens);
  priced.reasoningTokens += r.reasoningTokens;
  const input = r.inputUsd ?? 0;
  const cachedUsd = (r.cachedInputUsd ?? 0) + (r.cacheWriteUsd ?? 0);
  const output = r.outputUsd ?? 0;
  const reasoning = r.reasoningUsd ?? 0;
  priced.inputUsd += input;
  priced.cachedUsd += cachedUsd;
  priced.outputUsd += output;
  priced.reasoningUsd += reasoning;
  priced.otherUsd += Math.max(0, cost - input - cachedUsd - output - reasoning);
}

/** Adds one record to a bucket's sums. */
export function addRecord(stats: RollupStats, r: CallRecord): void {
  stats.count += 1;
  stats.retries += r.retries;
  if (r.fallbackHop > 0) stats.fallbacks += 1;
  if (r.cacheHit) stats.cacheHits += 1;
  if (r.outcome === 'error') {
    stats.errors += 1;
    const code = r.errorCode ?? 'provider_error';
    stats.errorCodes[code] = (stats.errorCodes[code] ?? 0) + 1;
  } else if (!r.cacheHit) {
    sketchAdd(stats.latency, r.durationMs);
    if (r.ttfcMs !== undefined) sketchAdd(stats.ttfc, r.ttfcMs);
    if (r.chunkMs !== undefined) {
      stats.chunkMsSum += r.chunkMs;
      stats.chunkCount += 1;
    }
    const genMs = r.ttfcMs !== undefined ? r.durationMs - r.ttfcMs : r.durationMs;
    if (r.outputTokens > 0 && genMs > 0) {
      stats.genTokens += r.outputTokens;
      stats.genMs += genMs;
    }
  }
  // Each token field by name (a loop over core's list costs more than the rest of this function);
  // rollup.test.ts fails when one of the list's fields is missed.
  stats.inputTokens += r.inputTokens;
  stats.outputTokens += r.outputTokens;
  stats.cachedInputTokens += r.cachedInputTokens;
  stats.cacheWriteTokens += r.cacheWriteTokens;
  stats.reasoningTokens += r.reasoningTokens;
  if (r.costUsd !== undefined) {
    stats.costUsd += r.costUsd;
    addPriced(stats.priced, r, r.costUsd);
  }
}

const SUMMED = [
  'count',
  'errors',
  'cacheHits',
  'retries',
  'fallbacks',
  'chunkMsSum',
  'chunkCount',
  'genTokens',
  'genMs',
  ...USAGE_TOKEN_FIELDS,
  'costUsd',
] as const satisfies ReadonlyArray<keyof RollupStats>;

/** Adds `source` into `target` (sketches merged, error codes summed). */
export function mergeStats(target: RollupStats, source: RollupStats): void {
  for (const key of SUMMED) target[key] += source[key];
  for (const [code, n] of Object.entries(source.errorCodes)) target.errorCodes[code] = (target.errorCodes[code] ?? 0) + n;
  sketchMergeInto(target.latency, source.latency);
  sketchMergeInto(target.ttfc, source.ttfc);
  for (const key of Object.keys(source.priced) as Array<keyof PricedParts>) target.priced[key] += source.priced[key];
}

/** The roll-up rows of a batch of records: one per level, bucket and series. */
export function rollupBatch(records: readonly CallRecord[], tagKeys?: readonly string[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const record of records) {
    const key = seriesKeyOf(record, tagKeys);
    const id = seriesId(key);
    for (const level of ROLLUP_LEVELS) {
      const bucket = bucketStart(record.start, level);
      const rowId = `${level}\u0000${bucket}\u0000${id}`;
      let row = rows.get(rowId);
      if (!row) {
        row = { ...key, level, bucket, stats: emptyStats() };
        rows.set(rowId, row);
      }
      addRecord(row.stats, record);
    }
  }
  return [...rows.values()];
}
