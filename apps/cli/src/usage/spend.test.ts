import { MemoryAnalyticsStore } from '@llm/analytics';
import { makeCallRecord } from '@llm/analytics/testing';
import { describe, expect, it } from 'vitest';
import { spendByPeriod } from './spend.js';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-12-02T12:00:00.000Z');

describe('spend per period', () => {
  it('sums call records per UTC day, per week (from its Monday) and per month, by provider:model', async () => {
    const store = new MemoryAnalyticsStore({ now: () => NOW });
    await store.append([
      makeCallRecord({ start: at('2026-11-29T23:59:00.000Z') }), // a Sunday: the week of Monday 2026-11-23
      makeCallRecord({ start: at('2026-11-30T00:01:00.000Z') }), // Monday
      makeCallRecord({ start: at('2026-11-30T10:00:00.000Z'), provider: 'anthropic', model: 'claude-haiku-4-5', costUsd: 0.5, inputTokens: 100, outputTokens: 50 }),
      makeCallRecord({ start: at('2026-12-01T08:00:00.000Z'), costUsd: undefined, inputUsd: undefined, outputUsd: undefined }), // price unknown
      makeCallRecord({ start: at('2026-12-02T08:00:00.000Z'), outcome: 'error', errorCode: 'network', inputTokens: 0, outputTokens: 0, costUsd: undefined, inputUsd: undefined, outputUsd: undefined }),
      makeCallRecord({ start: at('2026-12-02T09:00:00.000Z'), kind: 'attempt' }), // an attempt: its call is counted, not it
    ]);
    const day = await spendByPeriod(store, 'day', undefined, NOW);
    expect(day.map((r) => [r.period, r.model, r.calls, r.failed, r.unpriced])).toEqual([
      ['2026-11-29', 'openai:gpt-4o-mini', 1, 0, 0],
      ['2026-11-30', 'anthropic:claude-haiku-4-5', 1, 0, 0],
      ['2026-11-30', 'openai:gpt-4o-mini', 1, 0, 0],
      ['2026-12-01', 'openai:gpt-4o-mini', 1, 0, 1],
      ['2026-12-02', 'openai:gpt-4o-mini', 1, 1, 0],
    ]);
    expect(day[3]!.costUsd).toBe(0);
    const week = await spendByPeriod(store, 'week', undefined, NOW);
    expect(week.map((r) => [r.period, r.model, r.calls, r.inputTokens, r.outputTokens])).toEqual([
      ['2026-11-23', 'openai:gpt-4o-mini', 1, 1000, 200],
      ['2026-11-30', 'anthropic:claude-haiku-4-5', 1, 100, 50],
      ['2026-11-30', 'openai:gpt-4o-mini', 3, 2000, 400],
    ]);
    const month = await spendByPeriod(store, 'month', undefined, NOW);
    expect(month.map((r) => [r.period, r.model, r.calls])).toEqual([
      ['2026-11', 'anthropic:claude-haiku-4-5', 1],
      ['2026-11', 'openai:gpt-4o-mini', 2],
      ['2026-12', 'openai:gpt-4o-mini', 2],
    ]);
    expect(month[1]!.costUsd).toBeCloseTo(0.00054, 12);
    // --since: whole UTC days from the day it falls in.
    const since = await spendByPeriod(store, 'month', at('2026-11-30T05:00:00.000Z'), NOW);
    expect(since.map((r) => [r.period, r.model, r.calls])).toEqual([
      ['2026-11', 'anthropic:claude-haiku-4-5', 1],
      ['2026-11', 'openai:gpt-4o-mini', 1],
      ['2026-12', 'openai:gpt-4o-mini', 2],
    ]);
    expect(await spendByPeriod(store, 'day', NOW + 1, NOW)).toEqual([]);
  });
});
