import { describe, expect, it } from 'vitest';
import { CostTracker, emptyCostBucket } from './cost-tracker.js';

describe('CostTracker report', () => {
  it('groups by provider, model, period and tag with the bucket figures only (no row labels mixed in)', () => {
    const tracker = new CostTracker({ now: () => Date.UTC(2025, 5, 1, 12) });
    const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15, cost: { totalUsd: 0.5, inputUsd: 0.2, outputUsd: 0.3, source: 'computed' as const } };
    tracker.record({ provider: 'p', model: 'm', usage, tags: { user: 'alice', team: 'x' } });
    tracker.record({ provider: 'p', model: 'm', usage, cached: true });
    const report = tracker.report();
    const both = { ...emptyCostBucket(), requests: 2, cachedRequests: 1, inputTokens: 10, outputTokens: 5, costUsd: 0.5, inputUsd: 0.2, outputUsd: 0.3 };
    expect(report.totals).toEqual(both);
    expect(report.byProvider).toEqual({ p: both });
    expect(report.byModel).toEqual({ 'p:m': both });
    expect(report.byPeriod).toEqual({ '2025-06-01': both });
    const tagged = { ...both, requests: 1, cachedRequests: 0 };
    expect(report.byTag).toEqual({ 'team=x': tagged, 'user=alice': tagged });
    expect(JSON.stringify(report)).not.toContain('null');
  });
});
