import { callMiddleware, createAnalytics } from '@llm/analytics';
import { createMockModel } from '@llm/mocks';
import { describe, expect, it } from 'vitest';
import { FIELD } from './model-field.test-util.js';
import { observedFromAnalytics, type AnalyticsAggregate } from './observed-from-analytics.js';
import { recommend } from './recommend.js';

const summary = (provider: string, model: string, count: number, errorRate: number, p95?: number) => ({
  group: { provider, model },
  count,
  errorRate,
  ...(p95 === undefined ? {} : { latencyMs: { p95, p50: p95 / 2 }, ttfcMs: { p95: p95 / 4 } }),
  outputTokensPerSecond: 80,
});

describe('observedFromAnalytics', () => {
  const aggregate: AnalyticsAggregate = {
    groupBy: ['provider', 'model'],
    groups: [summary('openrouter', 'cheap-flaky', 500, 0.2, 900), summary('openai', 'gpt-mid', 800, 0.01, 1500), summary('google', 'idle', 0, 0)],
  };

  it('maps each provider and model group to the observed performance of its catalog id', () => {
    expect(observedFromAnalytics(aggregate)).toEqual({
      'openrouter:cheap-flaky': { calls: 500, errorRate: 0.2, latencyP95Ms: 900, timeToFirstChunkP95Ms: 225, outputTokensPerSecond: 80 },
      'openai:gpt-mid': { calls: 800, errorRate: 0.01, latencyP95Ms: 1500, timeToFirstChunkP95Ms: 375, outputTokensPerSecond: 80 },
    });
  });

  it('feeds recommend(): an observed ceiling leaves out the model production shows failing', async () => {
    const result = await recommend(FIELD, { profile: 'bulk', observed: observedFromAnalytics(aggregate), constraints: { maxErrorRate: 0.05 } });
    expect(result.excluded.find((e) => e.id === 'openrouter:cheap-flaky')?.failed.map((f) => f.constraint)).toEqual(['observed:errorRate']);
  });

  it('refuses groupings it cannot read without idOf, and two groups with one id', () => {
    const byStream = { groupBy: ['provider', 'model', 'streamed'], groups: [{ ...summary('openai', 'gpt-mid', 5, 0), group: { provider: 'openai', model: 'gpt-mid', streamed: 'true' } }, { ...summary('openai', 'gpt-mid', 5, 0), group: { provider: 'openai', model: 'gpt-mid', streamed: 'false' } }] };
    expect(() => observedFromAnalytics(byStream)).toThrow(/grouped by \[provider, model, streamed\]; group it by provider and model/);
    expect(() => observedFromAnalytics(byStream, { idOf: (g) => `${g['provider']}:${g['model']}` })).toThrow(/both give openai:gpt-mid; percentiles cannot be merged/);
    expect(observedFromAnalytics(byStream, { idOf: (g) => (g['streamed'] === 'true' ? `${g['provider']}:${g['model']}` : undefined) })).toEqual({ 'openai:gpt-mid': { calls: 5, errorRate: 0, outputTokensPerSecond: 80 } });
  });
});

describe('observedFromAnalytics on a real @llm/analytics aggregate', () => {
  it('reads what the analytics middleware recorded of two models, and the ranking uses it', async () => {
    const analytics = createAnalytics();
    const steady = createMockModel({ provider: 'openai', modelId: 'gpt-mid', defaultScenario: { kind: 'text', text: 'fine thanks', usage: { inputTokens: 10, outputTokens: 20 } } });
    const flaky = createMockModel({ provider: 'openrouter', modelId: 'cheap-flaky', defaultScenario: { kind: 'text', text: 'ok', usage: { inputTokens: 10, outputTokens: 5 } } });
    const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
    const recorded = callMiddleware(analytics.recorder);
    const [a, b] = [recorded(steady.model), recorded(flaky.model)];
    for (let i = 0; i < 30; i++) {
      for await (const event of a.streamChat(ask)) void event;
      if (i % 3 === 0) flaky.enqueue({ kind: 'error', error: 'invalid_request' });
      await b.chat(ask).catch(() => undefined);
    }
    const window = await analytics.aggregate({ from: Date.now() - 3_600_000, to: Date.now() + 60_000 });
    const observed = observedFromAnalytics(window);
    const group = (model: string) => window.groups.find((g) => g.group['model'] === model)!;
    expect(Object.keys(observed).sort()).toEqual(['openai:gpt-mid', 'openrouter:cheap-flaky']);
    expect(observed['openrouter:cheap-flaky']!.errorRate).toBeCloseTo(10 / 30, 5); // analytics rounds rates to 6 places
    expect(observed['openrouter:cheap-flaky']).toMatchObject({ calls: 30, errorRate: group('cheap-flaky').errorRate, latencyP95Ms: group('cheap-flaky').latencyMs!.p95, timeToFirstChunkP95Ms: undefined });
    expect(observed['openai:gpt-mid']).toMatchObject({ calls: 30, errorRate: 0, latencyP95Ms: group('gpt-mid').latencyMs!.p95, timeToFirstChunkP95Ms: group('gpt-mid').ttfcMs!.p95 });
    expect(observed['openai:gpt-mid']!.timeToFirstChunkP95Ms).toBeGreaterThanOrEqual(0);
    const result = await recommend(FIELD, { profile: 'bulk', observed, constraints: { maxErrorRate: 0.05 } });
    expect(result.excluded.find((e) => e.id === 'openrouter:cheap-flaky')?.failed.map((f) => f.constraint)).toEqual(['observed:errorRate']);
    await analytics.close();
  });
});
