import type { Candidate, ObservedPerformance } from './candidate.js';
import { callCost } from './call-cost.js';
import { failedConstraints, type ExcludedModel } from './constraints.js';
import { columnOf, CRITERIA, CRITERION_INFO, type Criterion, type CriterionColumn, type Weights } from './criteria.js';
import { normalizeWeights, type DecisionMatrix, type MethodScore } from './decision-matrix.js';
import { describeExplanation, type CriterionExplanation, type ModelExplanation, type RankingMethod } from './explanation.js';
import { paretoFront } from './pareto.js';
import { checkCandidates, checkRecommendOptions, type RecommendOptions } from './recommend-options.js';
import { requestNeeds } from './request-needs.js';
import { TASK_PROFILES, type TaskNeeds, type TaskProfile } from './task-profile.js';
import { topsis, type TopsisScore } from './topsis.js';
import { weightedSum } from './weighted-sum.js';

/** A ranked model: the candidate, its explanation, and the same explanation in words. */
export interface RankedModel<C extends Candidate = Candidate> {
  readonly candidate: C;
  readonly explanation: ModelExplanation;
  readonly summary: string;
}

export interface UnusedCriterion {
  readonly criterion: Criterion;
  readonly reason: string;
}

export interface ParetoFrontResult {
  /** The two criteria traded off. */
  readonly axes: readonly [Criterion, Criterion];
  /** Ids of the models no other model beats on both, best on the first axis first. */
  readonly ids: readonly string[];
}

export interface Recommendation<C extends Candidate = Candidate> {
  readonly profile: string;
  readonly method: RankingMethod;
  readonly needs: TaskNeeds;
  /** The weights used, scaled to sum to 1 over the criteria used. */
  readonly weights: Readonly<Partial<Record<Criterion, number>>>;
  readonly unusedCriteria: readonly UnusedCriterion[];
  /** Best first. */
  readonly ranked: readonly RankedModel<C>[];
  /** Every model left out, with each constraint it failed. */
  readonly excluded: readonly ExcludedModel[];
  readonly pareto: readonly ParetoFrontResult[];
  /** Plain statements about what the ranking rests on (missing data, fallbacks). */
  readonly notes: readonly string[];
}

const DEFAULT_MIN_CALLS = 20;
const SCORE_EPSILON = 1e-12;

const OBSERVED_FIELD: Partial<Record<Criterion, keyof ObservedPerformance>> = {
  latency: 'latencyP95Ms',
  timeToFirstChunk: 'timeToFirstChunkP95Ms',
  errorRate: 'errorRate',
  throughput: 'outputTokensPerSecond',
};

/**
 * Chooses models for a task and says why. Hard constraints first (capabilities, modalities,
 * context, status, provider and model lists, price ceilings, observed ceilings where there are
 * observations); every model left out is reported with the constraints it failed. The rest are
 * ranked by weighted sum or TOPSIS over cost for the task's token mix, quality (your score table),
 * observed p95 latency and time to first chunk, error rate and throughput. Each ranked model comes
 * with the raw and normalised value, weight and contribution of every criterion, its rank and its
 * margins, and a paragraph saying the same. Ties are broken by lower cost, then higher quality,
 * then lower p95 latency, then the id in code-point order.
 */
export async function recommend<C extends Candidate>(candidates: readonly C[], options: RecommendOptions = {}): Promise<Recommendation<C>> {
  checkRecommendOptions(options);
  checkCandidates(candidates);
  const profile: TaskProfile = typeof options.profile === 'object' ? options.profile : TASK_PROFILES[options.profile ?? 'chat'];
  const method: RankingMethod = options.method ?? 'weighted-sum';
  const baseNeeds: TaskNeeds = { ...profile.needs, ...options.needs };
  const derived = options.request ? await requestNeeds(options.request, baseNeeds, options.tokenCounter) : baseNeeds;
  const needs: TaskNeeds =
    options.needs?.minContext !== undefined && options.request ? { ...derived, minContext: Math.max(derived.minContext, options.needs.minContext) } : derived;
  const minCalls = options.minCalls ?? DEFAULT_MIN_CALLS;
  const notes: string[] = [];

  const observedOf = (id: string): ObservedPerformance | undefined => {
    const o = typeof options.observed === 'function' ? options.observed(id) : options.observed?.[id];
    return o && o.calls >= minCalls ? o : undefined;
  };

  const eligible: C[] = [];
  const excluded: ExcludedModel[] = [];
  for (const candidate of candidates) {
    const failed = failedConstraints(candidate, needs, options.constraints ?? {}, observedOf(candidate.id));
    if (failed.length > 0) excluded.push({ id: candidate.id, failed });
    else eligible.push(candidate);
  }

  const requested: Weights = options.weights ?? profile.weights;
  const raw = (criterion: Criterion): Array<number | undefined> =>
    eligible.map((c) => {
      if (criterion === 'cost') return callCost(c, needs);
      if (criterion === 'quality') return options.quality?.[c.id];
      const field = OBSERVED_FIELD[criterion]!;
      return observedOf(c.id)?.[field] as number | undefined;
    });

  const columns: CriterionColumn[] = [];
  const columnWeights: number[] = [];
  const unusedCriteria: UnusedCriterion[] = [];
  for (const criterion of CRITERIA) {
    if (!((requested[criterion] ?? 0) > 0)) continue;
    const column = columnOf(criterion, raw(criterion));
    if (column) {
      columns.push(column);
      columnWeights.push(requested[criterion]!);
    } else unusedCriteria.push({ criterion, reason: noDataReason(criterion, minCalls) });
  }
  if (columns.length === 0 && eligible.length > 0) {
    const cost = columnOf('cost', raw('cost'));
    if (cost) {
      columns.push(cost);
      columnWeights.push(1);
      notes.push('None of the weighted criteria has data for any candidate; the models are ranked by cost alone.');
    } else notes.push('No criterion has data for any candidate (no prices, no quality scores, no observations); the order is the tie-break order only.');
  }
  for (const column of columns) {
    const missing = column.imputed.filter(Boolean).length;
    if (missing > 0) notes.push(`${CRITERION_INFO[column.criterion].label}: ${missing} of ${eligible.length} models have no data and are counted at the worst value seen.`);
  }
  if (!unusedCriteria.some((u) => u.criterion === 'quality') && !columns.some((c) => c.criterion === 'quality')) {
    notes.push('Quality is not weighted: the ranking says nothing about answer quality.');
  }

  const weights = columns.length > 0 ? normalizeWeights(columnWeights) : [];
  const matrix: DecisionMatrix = {
    values: eligible.map((_, i) => columns.map((c) => c.values[i]!)),
    better: columns.map((c) => CRITERION_INFO[c.criterion].better),
    weights,
  };
  const scores: MethodScore[] =
    columns.length === 0 ? eligible.map(() => ({ score: 0, normalized: [], contributions: [] })) : method === 'topsis' ? topsis(matrix).scores : weightedSum(matrix);
  const standings = method === 'weighted-sum' ? scores : weightedSum(matrix);

  const value = (criterion: Criterion, i: number): number | undefined => {
    const j = columns.findIndex((c) => c.criterion === criterion);
    return j >= 0 ? columns[j]!.values[i] : criterion === 'cost' ? callCost(eligible[i]!, needs) : criterion === 'quality' ? options.quality?.[eligible[i]!.id] : undefined;
  };
  const tieBreaks: Array<{ name: string; compare: (a: number, b: number) => number }> = [
    { name: 'lower cost', compare: (a, b) => (value('cost', a) ?? Infinity) - (value('cost', b) ?? Infinity) },
    { name: 'higher quality', compare: (a, b) => (value('quality', b) ?? -Infinity) - (value('quality', a) ?? -Infinity) },
    { name: 'lower p95 latency', compare: (a, b) => (observedOf(eligible[a]!.id)?.latencyP95Ms ?? Infinity) - (observedOf(eligible[b]!.id)?.latencyP95Ms ?? Infinity) },
    { name: 'id', compare: (a, b) => (eligible[a]!.id < eligible[b]!.id ? -1 : eligible[a]!.id > eligible[b]!.id ? 1 : 0) },
  ];
  const decidedBy = new Map<number, string>();
  const order = eligible.map((_, i) => i);
  order.sort((a, b) => {
    const diff = scores[b]!.score - scores[a]!.score;
    if (Math.abs(diff) > SCORE_EPSILON) return diff;
    for (const rule of tieBreaks) {
      const c = rule.compare(a, b);
      if (c !== 0 && !Number.isNaN(c)) {
        decidedBy.set(c < 0 ? a : b, rule.name);
        return c;
      }
    }
    return 0;
  });

  const ranked: RankedModel<C>[] = order.map((i, position) => {
    const score = scores[i]!;
    const next = order[position + 1];
    const previous = position > 0 ? order[position - 1] : undefined;
    const criteria: CriterionExplanation[] = columns.map((column, j) => ({
      criterion: column.criterion,
      better: CRITERION_INFO[column.criterion].better,
      unit: CRITERION_INFO[column.criterion].unit,
      raw: column.values[i]!,
      imputed: column.imputed[i]!,
      normalized: score.normalized[j]!,
      standing: standings[i]!.normalized[j]!,
      weight: weights[j]!,
      contribution: score.contributions[j]!,
    }));
    const tied = (other: number | undefined) => other !== undefined && Math.abs(scores[other]!.score - score.score) <= SCORE_EPSILON;
    const explanation: ModelExplanation = {
      id: eligible[i]!.id,
      rank: position + 1,
      score: score.score,
      method,
      criteria,
      aheadOfNext: next === undefined ? undefined : { id: eligible[next]!.id, by: Math.max(0, score.score - scores[next]!.score) },
      behindPrevious: previous === undefined ? undefined : { id: eligible[previous]!.id, by: Math.max(0, scores[previous]!.score - score.score) },
      ...(method === 'topsis' && columns.length > 0
        ? { distanceToIdeal: (score as TopsisScore).distanceToIdeal, distanceToAntiIdeal: (score as TopsisScore).distanceToAntiIdeal }
        : {}),
      ...((tied(next) || tied(previous)) && decidedBy.has(i) ? { tieBreak: decidedBy.get(i) } : {}),
    };
    return {
      candidate: eligible[i]!,
      explanation,
      summary: describeExplanation(explanation, { total: order.length, profile: profile.name, unused: unusedCriteria }),
    };
  });

  const pareto: ParetoFrontResult[] = [];
  for (const other of ['quality', 'latency'] as const) {
    const cost = columns.find((c) => c.criterion === 'cost') ?? columnOf('cost', raw('cost'));
    const second = columns.find((c) => c.criterion === other) ?? columnOf(other, raw(other));
    if (!cost || !second) continue;
    // Models without a value on either axis are not placed on the front.
    const placed = eligible.map((_, i) => i).filter((i) => !cost.imputed[i] && !second.imputed[i]);
    const front = paretoFront(
      placed.map((i) => [cost.values[i]!, second.values[i]!] as const),
      ['lower', CRITERION_INFO[other].better],
    );
    pareto.push({ axes: ['cost', other], ids: front.map((k) => eligible[placed[k]!]!.id) });
  }

  return {
    profile: profile.name,
    method,
    needs,
    weights: Object.fromEntries(columns.map((c, j) => [c.criterion, weights[j]!])),
    unusedCriteria,
    ranked,
    excluded,
    pareto,
    notes,
  };
}

function noDataReason(criterion: Criterion, minCalls: number): string {
  if (criterion === 'cost') return 'no model has a known price';
  if (criterion === 'quality') return 'no quality scores given (pass a score table or experiment outcomes)';
  return `no observations of at least ${minCalls} calls for any model`;
}
