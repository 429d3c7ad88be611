/** How bad an anomaly is, from how far the observed value is from its baseline. */
export type Severity = 'info' | 'warning' | 'critical';

export const DETECTORS = ['latency', 'ttfc', 'error_rate', 'cost_drift'] as const;
export type DetectorName = (typeof DETECTORS)[number];

/** How a detector decided. */
export type DetectionMethod = 'robust_z' | 'seasonal_robust_z' | 'cusum' | 'binomial';

/** One point of a series a detector reads: a value and how many calls it stands for. */
export interface SeriesValue {
  t: number;
  /** Undefined when the bucket has no value (no successful call, no priced call). */
  value: number | undefined;
  /** Calls behind the value. */
  n: number;
}

/** A point a detector flagged. */
export interface Flag {
  index: number;
  baseline: number;
  observed: number;
  /** 1 minus the point's p-value under the baseline (nominal: the model's assumptions hold). */
  confidence: number;
  method: DetectionMethod;
}

/** One episode: consecutive flagged points (gaps of a few normal points bridged): one alert. */
export interface Anomaly {
  detector: DetectorName;
  method: DetectionMethod;
  group: Record<string, string>;
  /** First and last flagged bucket (ISO). */
  start: string;
  end: string;
  points: number;
  /** The most anomalous point of the episode. */
  peak: string;
  baseline: number;
  observed: number;
  /** `ms`, `ratio` (error rate), `USD` (cost per call). */
  unit: string;
  confidence: number;
  severity: Severity;
  message: string;
  /** Cost drift: how much of the change came from prices and how much from the token mix. */
  explanation?: CostExplanation;
}

/** Part of a cost change: per-call tokens and unit prices of one kind of token, before and during. */
export interface CostPart {
  part: 'input' | 'cached input' | 'output' | 'reasoning' | 'other';
  baselineTokensPerCall: number;
  observedTokensPerCall: number;
  /** USD per million tokens. */
  baselinePrice: number;
  observedPrice: number;
  /** USD per call from the price change, and from the tokens-per-call change (they add up to the change). */
  priceEffect: number;
  mixEffect: number;
}

export interface CostExplanation {
  baselinePerCall: number;
  observedPerCall: number;
  priceEffect: number;
  mixEffect: number;
  /** `price`: prices explain at least two thirds of the change; `token mix` likewise; else `both`. */
  cause: 'price' | 'token mix' | 'both';
  parts: CostPart[];
}

/** What a detector says about one series over the window. */
export interface DetectorStatus {
  detector: DetectorName;
  group: Record<string, string>;
  status: 'anomaly' | 'normal' | 'insufficient_data';
  /** Why there was not enough data, when so. */
  reason?: string;
  /** Points with enough calls to judge. */
  points: number;
}

export function severityOf(ratio: number): Severity {
  return ratio >= 3 ? 'critical' : ratio >= 1.5 ? 'warning' : 'info';
}
