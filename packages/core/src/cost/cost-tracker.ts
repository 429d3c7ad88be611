import type { Usage } from '@llm/schema';
import { addUsageTokens, type UsageCostFields } from './usage-cost-fields.js';

export const COST_REPORT_PERIODS = ['hour', 'day', 'month'] as const;
export type CostReportPeriod = (typeof COST_REPORT_PERIODS)[number];

/** Totals of one slice of calls. Dollars are the known costs; `unpricedRequests` counts replies with no known price. */
export interface CostBucket extends UsageCostFields {
  requests: number;
  /** Served from the response cache: counted, free. */
  cachedRequests: number;
  unpricedRequests: number;
  /** Of `costUsd`, what vendors reported themselves (OpenRouter). */
  providerReportedUsd: number;
}

/** One row of the finest breakdown: a period, a provider and model, and a set of tags. */
export interface CostRow extends CostBucket {
  period: string;
  provider: string;
  model: string;
  /** `feature=search;user=alice`, or empty. */
  tags: string;
}

export interface CostReport {
  generatedAt: string;
  /** The width of `byPeriod`'s slices (UTC). */
  period: CostReportPeriod;
  totals: CostBucket;
  byProvider: Record<string, CostBucket>;
  /** Keyed by `provider:model`. */
  byModel: Record<string, CostBucket>;
  /** Keyed by the period's start: `2025-06-01` (day), `2025-06-01T13` (hour), `2025-06` (month). */
  byPeriod: Record<string, CostBucket>;
  /** Keyed by `tag=value` (`user=alice`); a call with two tags counts under both. */
  byTag: Record<string, CostBucket>;
  rows: CostRow[];
}

export interface CostRecordInput {
  provider: string;
  model: string;
  usage: Usage;
  tags?: Readonly<Record<string, string>> | undefined;
  cached?: boolean;
  /** ms since the epoch; now by default. */
  time?: number;
}

export function emptyCostBucket(): CostBucket {
  return {
    requests: 0,
    cachedRequests: 0,
    unpricedRequests: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    inputUsd: 0,
    outputUsd: 0,
    cachedInputUsd: 0,
    cacheWriteUsd: 0,
    reasoningUsd: 0,
    providerReportedUsd: 0,
  };
}

const round = (v: number) => Math.round(v * 1e12) / 1e12;

function addRecord(target: CostBucket, usage: Usage, cached: boolean): void {
  target.requests += 1;
  if (cached) {
    target.cachedRequests += 1;
    return;
  }
  addUsageTokens(target, usage);
  const cost = usage.cost;
  if (!cost) {
    target.unpricedRequests += 1;
    return;
  }
  target.costUsd = round(target.costUsd + cost.totalUsd);
  target.inputUsd = round(target.inputUsd + (cost.inputUsd ?? 0));
  target.outputUsd = round(target.outputUsd + (cost.outputUsd ?? 0));
  target.cachedInputUsd = round(target.cachedInputUsd + (cost.cachedInputUsd ?? 0));
  target.cacheWriteUsd = round(target.cacheWriteUsd + (cost.cacheWriteUsd ?? 0));
  target.reasoningUsd = round(target.reasoningUsd + (cost.reasoningUsd ?? 0));
  if (cost.source === 'provider') target.providerReportedUsd = round(target.providerReportedUsd + cost.totalUsd);
}

function addBucket(target: CostBucket, source: CostBucket): void {
  for (const key of Object.keys(source) as (keyof CostBucket)[]) target[key] = round(target[key] + source[key]);
}

/** The UTC start of the period holding `time`, as text. */
export function periodLabel(time: number, period: CostReportPeriod): string {
  const iso = new Date(time).toISOString();
  return period === 'hour' ? iso.slice(0, 13) : period === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** The UTC period holding `time`: its label and its bounds [start, end) in ms since the epoch. */
export function periodSpan(time: number, period: CostReportPeriod): { label: string; start: number; end: number } {
  const label = periodLabel(time, period);
  if (period === 'month') {
    const at = new Date(time);
    return { label, start: Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1), end: Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) };
  }
  const size = period === 'hour' ? 3_600_000 : 86_400_000;
  const start = Math.floor(time / size) * size;
  return { label, start, end: start + size };
}

export function tagsLabel(tags: Readonly<Record<string, string>> | undefined): string {
  if (!tags) return '';
  return Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k]}`)
    .join(';');
}

export interface CostTrackerOptions {
  /** The width of the period breakdown (default `day`). */
  period?: CostReportPeriod;
  now?: () => number;
}

/**
 * Totals of tokens and dollars, broken down by provider, model, period and caller tag
 * (`request.tags`). Fed by the cost middleware with every vendor reply; memory grows with the
 * number of distinct (period, model, tags) combinations, not with the number of calls.
 */
export class CostTracker {
  private readonly rows = new Map<string, CostRow>();
  readonly period: CostReportPeriod;
  private readonly now: () => number;
  /** The period of the last record: the next one, nearly always in the same period, skips formatting a date. */
  private span: { label: string; start: number; end: number } | undefined;

  constructor(options: CostTrackerOptions = {}) {
    this.period = options.period ?? 'day';
    this.now = options.now ?? Date.now;
  }

  record(input: CostRecordInput): void {
    const time = input.time ?? this.now();
    let span = this.span;
    if (!span || !(time >= span.start && time < span.end)) this.span = span = periodSpan(time, this.period);
    const period = span.label;
    const tags = tagsLabel(input.tags);
    const key = `${period}\u0000${input.provider}\u0000${input.model}\u0000${tags}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { period, provider: input.provider, model: input.model, tags, ...emptyCostBucket() };
      this.rows.set(key, row);
    }
    addRecord(row, input.usage, input.cached === true);
  }

  /** The report, optionally only for periods from `since` (inclusive) to `until` (exclusive), as period labels or dates. */
  report(filter: { since?: Date; until?: Date } = {}): CostReport {
    const since = filter.since ? periodLabel(filter.since.getTime(), this.period) : undefined;
    const until = filter.until ? periodLabel(filter.until.getTime(), this.period) : undefined;
    const report: CostReport = {
      generatedAt: new Date(this.now()).toISOString(),
      period: this.period,
      totals: emptyCostBucket(),
      byProvider: {},
      byModel: {},
      byPeriod: {},
      byTag: {},
      rows: [],
    };
    const into = (map: Record<string, CostBucket>, key: string, bucket: CostBucket) => addBucket((map[key] ??= emptyCostBucket()), bucket);
    const rows = [...this.rows.values()].sort((a, b) => a.period.localeCompare(b.period) || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model) || a.tags.localeCompare(b.tags));
    for (const row of rows) {
      if ((since && row.period < since) || (until && row.period >= until)) continue;
      report.rows.push({ ...row });
      const { period: _p, provider: _pr, model: _m, tags: _t, ...bucket } = row;
      addBucket(report.totals, bucket);
      into(report.byProvider, row.provider, bucket);
      into(report.byModel, `${row.provider}:${row.model}`, bucket);
      into(report.byPeriod, row.period, bucket);
      if (row.tags) for (const tag of row.tags.split(';')) into(report.byTag, tag, bucket);
    }
    return report;
  }

  reset(): void {
    this.rows.clear();
  }
}
