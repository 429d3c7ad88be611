import type { Usage } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { CostTracker, emptyCostBucket, periodLabel, periodSpan, tagsLabel } from './cost-tracker.js';

// The cost tracker's sums, labels, order and filters field by field, on fixed times. Complements
// cost-tracker.test.ts and the cost middleware's tests.

const full: Usage = {
  inputTokens: 100,
  outputTokens: 50,
  totalTokens: 150,
  cachedInputTokens: 40,
  cacheWriteTokens: 30,
  reasoningTokens: 20,
  cost: { totalUsd: 1, inputUsd: 0.1, outputUsd: 0.2, cachedInputUsd: 0.3, cacheWriteUsd: 0.15, reasoningUsd: 0.25, source: 'provider' },
};

describe('CostTracker: every figure, label and filter', () => {
  it('adds up every token and dollar field; only a cost the provider reported counts as provider-reported', () => {
    const tracker = new CostTracker({ now: () => Date.UTC(2025, 5, 1) });
    tracker.record({ provider: 'p', model: 'm', usage: full });
    tracker.record({ provider: 'p', model: 'm', usage: full });
    tracker.record({ provider: 'p', model: 'm', usage: { ...full, cost: { ...full.cost!, source: 'computed' } } });
    expect(tracker.report().totals).toEqual({
      ...emptyCostBucket(),
      requests: 3,
      inputTokens: 300,
      outputTokens: 150,
      cachedInputTokens: 120,
      cacheWriteTokens: 90,
      reasoningTokens: 60,
      costUsd: 3,
      inputUsd: 0.3,
      outputUsd: 0.6,
      cachedInputUsd: 0.9,
      cacheWriteUsd: 0.45,
      reasoningUsd: 0.75,
      providerReportedUsd: 2,
    });
  });

  it('labels periods by hour, day or month (UTC), and tags by sorted key whatever order they came in', () => {
    const at = Date.UTC(2025, 5, 1, 13, 45);
    expect([periodLabel(at, 'hour'), periodLabel(at, 'day'), periodLabel(at, 'month')]).toEqual(['2025-06-01T13', '2025-06-01', '2025-06']);
    expect(tagsLabel({ user: 'alice', feature: 'search' })).toBe('feature=search;user=alice');
    const tracker = new CostTracker({ period: 'hour', now: () => at });
    tracker.record({ provider: 'p', model: 'm', usage: full, tags: { user: 'alice', feature: 'search' } });
    tracker.record({ provider: 'p', model: 'm', usage: full, tags: { feature: 'search', user: 'alice' } });
    expect(tracker.report().rows).toMatchObject([{ period: '2025-06-01T13', tags: 'feature=search;user=alice', requests: 2 }]);
  });

  it('puts each record in its own period at the edges of hours, days and months (UTC), in any order', () => {
    const edges = { hour: [Date.UTC(2025, 5, 1, 13), Date.UTC(2025, 5, 1, 14)], day: [Date.UTC(2025, 5, 1), Date.UTC(2025, 5, 2)], month: [Date.UTC(2024, 11, 1), Date.UTC(2025, 0, 1)] } as const;
    for (const period of ['hour', 'day', 'month'] as const) {
      const [start, end] = edges[period];
      expect(periodSpan(start + 1, period)).toEqual({ label: periodLabel(start, period), start, end });
      const tracker = new CostTracker({ period });
      for (const time of [end - 1, end, start, start - 1, end - 1, end + 1]) tracker.record({ provider: 'p', model: 'm', usage: full, time });
      expect(tracker.report().rows.map((r) => `${r.period} ${r.requests}`)).toEqual([`${periodLabel(start - 1, period)} 1`, `${periodLabel(start, period)} 3`, `${periodLabel(end, period)} 2`]);
    }
    expect(() => new CostTracker().record({ provider: 'p', model: 'm', usage: full, time: Number.NaN })).toThrow(RangeError);
  });

  it('lists rows by period, then provider, model and tags, whatever order they were recorded in', () => {
    const tracker = new CostTracker({ period: 'month' });
    const add = (month: number, provider: string, model: string, tags?: Record<string, string>) => tracker.record({ provider, model, usage: full, time: Date.UTC(2025, month, 2), ...(tags ? { tags } : {}) });
    add(1, 'b', 'x');
    add(0, 'b', 'x', { t: '2' });
    add(0, 'b', 'x', { t: '1' });
    add(0, 'a', 'y');
    add(0, 'b', 'a');
    expect(tracker.report().rows.map((r) => `${r.period} ${r.provider} ${r.model} ${r.tags}`)).toEqual(['2025-01 a y ', '2025-01 b a ', '2025-01 b x t=1', '2025-01 b x t=2', '2025-02 b x ']);
  });

  it('a report from `since` (inclusive) to `until` (exclusive), as periods', () => {
    const tracker = new CostTracker({ period: 'month' });
    for (const month of [0, 1, 2, 3]) tracker.record({ provider: 'p', model: 'm', usage: full, time: Date.UTC(2025, month, 10) });
    const periods = (filter: { since?: Date; until?: Date }) => tracker.report(filter).rows.map((r) => r.period);
    // Dates inside a period stand for that whole period.
    expect(periods({ since: new Date(Date.UTC(2025, 1, 20)), until: new Date(Date.UTC(2025, 3, 1)) })).toEqual(['2025-02', '2025-03']);
    expect(periods({ until: new Date(Date.UTC(2025, 1, 1)) })).toEqual(['2025-01']);
    expect(periods({ since: new Date(Date.UTC(2025, 3, 1)) })).toEqual(['2025-04']);
    expect(periods({})).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
    expect(tracker.report({ since: new Date(Date.UTC(2025, 1, 1)), until: new Date(Date.UTC(2025, 2, 1)) }).totals.requests).toBe(1);
  });

  it('reset forgets every row', () => {
    const tracker = new CostTracker();
    tracker.record({ provider: 'p', model: 'm', usage: full });
    tracker.reset();
    expect(tracker.report().rows).toEqual([]);
  });
});
