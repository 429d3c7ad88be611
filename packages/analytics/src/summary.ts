import type { RollupStats } from './rollup.js';
import { sketchMean, sketchQuantile, type SketchData } from './quantile-sketch.js';

/** Percentiles of a latency, from the roll-ups' sketches: each within 1% of a sample value of its rank. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** What a window of calls comes to: the numbers of one model (or group) in an aggregate. */
export interface Summary {
  count: number;
  successes: number;
  errors: number;
  /** errors / count (0 when there are no calls). */
  errorRate: number;
  errorsByCode: Record<string, { count: number; rate: number }>;
  /** Successful calls not served from the cache. */
  latencyMs?: Percentiles;
  /** Successful streams. */
  ttfcMs?: Percentiles;
  /** Mean time between output chunks of streams. */
  chunkMs?: number;
  /** Output tokens over generation time (a stream's time after its first chunk; a whole call otherwise). */
  outputTokensPerSecond?: number;
  tokens: { input: number; output: number; cachedInput: number; cacheWrite: number; reasoning: number; total: number };
  cost: {
    totalUsd: number;
    /** Over the calls that had a price. */
    perCallUsd?: number;
    perThousandTokensUsd?: number;
    pricedCalls: number;
    /** Successful, billed calls with no known price (their cost is not in the total). */
    unpricedCalls: number;
  };
  cacheHitRate: number;
  retriesPerCall: number;
  /** Share of calls answered (or failed) past the first model. */
  fallbackRate: number;
}

const round = (v: number, digits = 6) => Math.round(v * 10 ** digits) / 10 ** digits;

export function percentilesOf(sketch: SketchData): Percentiles | undefined {
  if (sketch.n === 0) return undefined;
  const q = (p: number) => round(sketchQuantile(sketch, p)!, 3);
  return { count: sketch.n, p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), mean: round(sketchMean(sketch)!, 3), min: round(sketch.min, 3), max: round(sketch.max, 3) };
}

/** Turns summed roll-up stats into rates, percentiles and unit costs. */
export function summarize(s: RollupStats): Summary {
  const rate = (n: number) => (s.count === 0 ? 0 : round(n / s.count));
  const errorsByCode: Summary['errorsByCode'] = {};
  for (const code of Object.keys(s.errorCodes).sort()) errorsByCode[code] = { count: s.errorCodes[code]!, rate: rate(s.errorCodes[code]!) };
  const p = s.priced;
  const pricedTokens = p.inputTokens + p.cachedTokens + p.outputTokens + p.reasoningTokens;
  const billed = s.count - s.errors - s.cacheHits;
  const summary: Summary = {
    count: s.count,
    successes: s.count - s.errors,
    errors: s.errors,
    errorRate: rate(s.errors),
    errorsByCode,
    tokens: {
      input: s.inputTokens,
      output: s.outputTokens,
      cachedInput: s.cachedInputTokens,
      cacheWrite: s.cacheWriteTokens,
      reasoning: s.reasoningTokens,
      total: s.inputTokens + s.outputTokens,
    },
    cost: { totalUsd: round(s.costUsd, 9), pricedCalls: p.calls, unpricedCalls: Math.max(0, billed - p.calls) },
    cacheHitRate: rate(s.cacheHits),
    retriesPerCall: rate(s.retries),
    fallbackRate: rate(s.fallbacks),
  };
  const latency = percentilesOf(s.latency);
  if (latency) summary.latencyMs = latency;
  const ttfc = percentilesOf(s.ttfc);
  if (ttfc) summary.ttfcMs = ttfc;
  if (s.chunkCount > 0) summary.chunkMs = round(s.chunkMsSum / s.chunkCount, 3);
  if (s.genMs > 0) summary.outputTokensPerSecond = round(s.genTokens / (s.genMs / 1000), 3);
  if (p.calls > 0) summary.cost.perCallUsd = round(s.costUsd / p.calls, 9);
  if (pricedTokens > 0) summary.cost.perThousandTokensUsd = round((s.costUsd / pricedTokens) * 1000, 9);
  return summary;
}
