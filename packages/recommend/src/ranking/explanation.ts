import { CRITERION_INFO, type Criterion, type Direction } from './criteria.js';
import { formatUsd } from './constraints.js';

export type RankingMethod = 'weighted-sum' | 'topsis';

/** One criterion's part in a model's score. */
export interface CriterionExplanation {
  readonly criterion: Criterion;
  readonly better: Direction;
  readonly unit: string;
  /** The model's value (cost in USD per call of the task's token mix, latencies in ms, ...). */
  readonly raw: number;
  /** True when the model had no value and was given the worst value of the others. */
  readonly imputed: boolean;
  /** Weighted sum: 0..1 across the candidates, 1 = best. TOPSIS: the vector-normalised value. */
  readonly normalized: number;
  /** The criterion's weight, after the weights were scaled to sum to 1 over the criteria used. */
  readonly weight: number;
  /** Where the model stands among the candidates on this criterion, 0..1 (min-max, 1 = the best value), whatever the method. */
  readonly standing: number;
  /** Weighted sum: weight × normalised (they add up to the score). TOPSIS: see `topsis()`. */
  readonly contribution: number;
}

export interface Margin {
  readonly id: string;
  /** Score difference (always ≥ 0). */
  readonly by: number;
}

/** Why a model is where it is in the ranking. */
export interface ModelExplanation {
  readonly id: string;
  /** 1 = best. */
  readonly rank: number;
  /** Weighted sum: 0..1; TOPSIS: relative closeness 0..1. Higher is better. */
  readonly score: number;
  readonly method: RankingMethod;
  readonly criteria: readonly CriterionExplanation[];
  /** How far ahead of the next model it is (undefined for the last). */
  readonly aheadOfNext: Margin | undefined;
  /** How far behind the model above it is (undefined for the first). */
  readonly behindPrevious: Margin | undefined;
  /** Distances for TOPSIS. */
  readonly distanceToIdeal?: number | undefined;
  readonly distanceToAntiIdeal?: number | undefined;
  /** The tie-break that decided its place against a model of the same score, if one did. */
  readonly tieBreak?: string | undefined;
}

export function formatValue(criterion: Criterion, value: number): string {
  switch (criterion) {
    case 'cost':
      return `$${formatUsd(value)} per call`;
    case 'errorRate':
      return `${(value * 100).toFixed(value < 0.01 ? 2 : 1)}% errors`;
    case 'latency':
      return `p95 latency ${Math.round(value)} ms`;
    case 'timeToFirstChunk':
      return `p95 first chunk ${Math.round(value)} ms`;
    case 'throughput':
      return `${Math.round(value)} tokens/s`;
    case 'quality':
      return `quality ${Number(value.toPrecision(4))}`;
  }
}

const ordinal = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

/**
 * A one-paragraph explanation for people, made from the explanation object alone (so it never
 * says more than the numbers do).
 */
export function describeExplanation(explanation: ModelExplanation, context: { total: number; profile: string; unused: readonly { criterion: Criterion; reason: string }[] }): string {
  const e = explanation;
  const method = e.method === 'topsis' ? 'TOPSIS closeness' : 'weighted score';
  const parts: string[] = [];
  let head = `${e.id} ranks ${ordinal(e.rank)} of ${context.total} for the ${context.profile} profile (${method} ${e.score.toFixed(3)}`;
  if (e.aheadOfNext && e.rank === 1) head += `, ${e.aheadOfNext.by.toFixed(3)} ahead of ${e.aheadOfNext.id}`;
  else if (e.behindPrevious) head += `, ${e.behindPrevious.by.toFixed(3)} behind ${e.behindPrevious.id}`;
  parts.push(`${head}).`);
  // Strongest and weakest by where the model stands among the candidates (its standing), heavier criteria first on a tie.
  const byStanding = [...e.criteria].sort((a, b) => b.standing - a.standing || b.weight - a.weight || a.criterion.localeCompare(b.criterion));
  const describe = (c: CriterionExplanation) =>
    `${CRITERION_INFO[c.criterion].label} (${formatValue(c.criterion, c.raw)}${c.imputed ? ', no data: counted as the worst seen' : ''}; weight ${c.weight.toFixed(2)}, contributes ${c.contribution.toFixed(3)})`;
  const strongest = byStanding.filter((c) => c.standing >= 0.5).slice(0, 2);
  if (strongest.length > 0) parts.push(`Strongest: ${strongest.map(describe).join('; ')}.`);
  const worst = [...e.criteria].sort((a, b) => a.standing - b.standing || b.weight - a.weight || a.criterion.localeCompare(b.criterion))[0];
  const weakest = worst && worst.standing < 0.5 ? worst : undefined;
  if (weakest) parts.push(`Weakest: ${describe(weakest)}.`);
  if (e.tieBreak) parts.push(`Tied on score; placed by ${e.tieBreak}.`);
  if (context.unused.length > 0) parts.push(`Not used: ${context.unused.map((u) => `${CRITERION_INFO[u.criterion].label} (${u.reason})`).join('; ')}.`);
  return parts.join(' ');
}
