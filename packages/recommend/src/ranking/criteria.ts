/** The criteria a model is ranked on. */
export const CRITERIA = ['cost', 'quality', 'latency', 'timeToFirstChunk', 'errorRate', 'throughput'] as const;
export type Criterion = (typeof CRITERIA)[number];

export type Direction = 'lower' | 'higher';

export interface CriterionInfo {
  /** Which way is better. */
  readonly better: Direction;
  readonly unit: string;
  readonly label: string;
}

export const CRITERION_INFO: Readonly<Record<Criterion, CriterionInfo>> = Object.freeze({
  cost: { better: 'lower', unit: 'USD per call', label: 'cost' },
  quality: { better: 'higher', unit: 'score', label: 'quality' },
  latency: { better: 'lower', unit: 'ms (p95)', label: 'latency' },
  timeToFirstChunk: { better: 'lower', unit: 'ms (p95)', label: 'time to first chunk' },
  errorRate: { better: 'lower', unit: 'share of calls', label: 'error rate' },
  throughput: { better: 'higher', unit: 'output tokens/s', label: 'throughput' },
});

export type Weights = Partial<Record<Criterion, number>>;

/** One column of the decision matrix: a value per candidate, and which values were filled in. */
export interface CriterionColumn {
  readonly criterion: Criterion;
  readonly values: readonly number[];
  /** `imputed[i]`: candidate i had no value; it was given the worst value of the others. */
  readonly imputed: readonly boolean[];
}

/**
 * Builds a column from values that may be missing: a missing value becomes the worst value any
 * candidate has (a model is never ranked up for lack of data). All missing: `undefined` (the
 * criterion cannot be used).
 */
export function columnOf(criterion: Criterion, raw: ReadonlyArray<number | undefined>): CriterionColumn | undefined {
  const known = raw.filter((v): v is number => v !== undefined);
  if (known.length === 0) return undefined;
  const worst = CRITERION_INFO[criterion].better === 'lower' ? Math.max(...known) : Math.min(...known);
  return { criterion, values: raw.map((v) => v ?? worst), imputed: raw.map((v) => v === undefined) };
}
