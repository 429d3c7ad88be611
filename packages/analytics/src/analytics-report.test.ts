import { createClient, resolveSetup, runHealthCheck } from '@llm/core';
import { createMockModel } from '@llm/mocks';
import { describe, expect, it } from 'vitest';
import { createAnalytics } from './analytics.js';

describe('Analytics.report', () => {
  it("reads a client's calls after writing what is queued", async () => {
    const analytics = createAnalytics();
    const mock = createMockModel({ script: [{ kind: 'text', text: 'a' }, { kind: 'error', error: 'invalid_request' }, { kind: 'text', text: 'b' }, { kind: 'text', text: 'c' }] });
    const provider = { name: 'mock', chatModel: () => mock.model, listModels: async () => [], checkHealth: () => runHealthCheck('mock', async () => undefined) };
    const client = createClient(provider, resolveSetup({ provider: 'mock', model: 'mock-model', logging: { level: 'silent' }, telemetry: { enabled: false }, retry: { maxRetries: 0 } }, [analytics.clientOption()]));
    const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
    for (let i = 0; i < 4; i++) await client.chat(ask).catch(() => undefined);
    const window = { from: Date.now() - 60_000, to: Date.now() + 60_000 };
    const report = await analytics.report(window);
    expect(report.summary.groups).toEqual([expect.objectContaining({ group: { provider: 'mock', model: 'mock-model' }, count: 4, errors: 1, errorRate: 0.25 })]);
    expect(report.series.series[0]!.points.reduce((a, p) => a + p.count, 0)).toBe(4);
    await analytics.close();
  });
});
