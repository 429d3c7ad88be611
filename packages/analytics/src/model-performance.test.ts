import { createClient, resolveSetup, runHealthCheck } from '@llm/core';
import { createMockModel } from '@llm/mocks';
import { describe, expect, it } from 'vitest';
import { createAnalytics } from './analytics.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import { modelPerformance } from './model-performance.js';
import { makeRecord } from './test-records.test-util.js';
import { exactQuantile } from './test-random.test-util.js';

const NOW = Date.parse('2026-03-20T12:00:00Z');

describe('modelPerformance', () => {
  it('gives each model its calls, p95 latency and TTFC, error rate and throughput, keyed by provider:model', async () => {
    const store = new MemoryAnalyticsStore({ now: () => NOW });
    // 10% apart: each duration in a bucket of its own, so the p95 is within 1% of the exact one.
    const durations = Array.from({ length: 40 }, (_, i) => 100 * 1.1 ** i);
    await store.append(durations.map((d, i) => makeRecord({ start: NOW - 3_600_000 + i * 1000, durationMs: d, outputTokens: 200 })));
    await store.append([
      ...Array.from({ length: 8 }, (_, i) => makeRecord({ provider: 'google', model: 'gemini-2.5-flash', streamed: true, start: NOW - 600_000 + i, durationMs: 1000, ttfcMs: 200 + i * 10, outputTokens: 400 })),
      ...Array.from({ length: 2 }, (_, i) => makeRecord({ provider: 'google', model: 'gemini-2.5-flash', start: NOW - 500_000 + i, outcome: 'error', errorCode: 'overloaded', costUsd: undefined })),
    ]);
    const perf = await modelPerformance(store, { from: NOW - 86_400_000, to: NOW }, NOW);
    expect(Object.keys(perf).sort()).toEqual(['google:gemini-2.5-flash', 'openai:gpt-4o-mini']);
    const mini = perf['openai:gpt-4o-mini']!;
    expect(mini.calls).toBe(40);
    expect(mini.errorRate).toBe(0);
    // Within the sketch's 1% of the exact p95 of the durations.
    expect(Math.abs(mini.latencyP95Ms! - exactQuantile(durations, 0.95)) / exactQuantile(durations, 0.95)).toBeLessThan(0.011);
    expect(mini.timeToFirstChunkP95Ms).toBeUndefined();
    const sumDurations = durations.reduce((a, b) => a + b, 0);
    expect(mini.outputTokensPerSecond).toBeCloseTo((40 * 200) / (sumDurations / 1000), 2);
    const flash = perf['google:gemini-2.5-flash']!;
    expect(flash).toMatchObject({ calls: 10, errorRate: 0.2 });
    const ttfc = exactQuantile(Array.from({ length: 8 }, (_, i) => 200 + i * 10), 0.95);
    expect(Math.abs(flash.timeToFirstChunkP95Ms! - ttfc) / ttfc).toBeLessThan(0.011);
    // Streams: tokens over the time after the first chunk.
    const genMs = Array.from({ length: 8 }, (_, i) => 1000 - (200 + i * 10)).reduce((a, b) => a + b, 0);
    expect(flash.outputTokensPerSecond).toBeCloseTo((8 * 400) / (genMs / 1000), 2);
  });
});

describe('Analytics.performance', () => {
  it("reads a client's calls (what is queued written first) and the report sees the same calls", async () => {
    const analytics = createAnalytics();
    const mock = createMockModel({ script: [{ kind: 'text', text: 'a' }, { kind: 'error', error: 'invalid_request' }, { kind: 'text', text: 'b' }, { kind: 'text', text: 'c' }] });
    const provider = { name: 'mock', chatModel: () => mock.model, listModels: async () => [], checkHealth: () => runHealthCheck('mock', async () => undefined) };
    const client = createClient(provider, resolveSetup({ provider: 'mock', model: 'mock-model', logging: { level: 'silent' }, telemetry: { enabled: false }, retry: { maxRetries: 0 } }, [analytics.clientOption()]));
    const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
    for (let i = 0; i < 4; i++) await client.chat(ask).catch(() => undefined);
    const window = { from: Date.now() - 60_000, to: Date.now() + 60_000 };
    const perf = await analytics.performance(window);
    expect(perf).toEqual({ 'mock:mock-model': expect.objectContaining({ calls: 4, errorRate: 0.25 }) });
    expect(perf['mock:mock-model']!.latencyP95Ms).toBeGreaterThanOrEqual(0);
    const report = await analytics.report(window);
    expect(report.summary.totals.count).toBe(4);
    await analytics.close();
  });
});
