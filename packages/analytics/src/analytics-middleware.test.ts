import { applyMiddleware, createChatModel, createClient, resolveSetup, runHealthCheck, withFallback, type ChatModel, type ChatTransport, type ClientConfigInput, type Provider, type TransportStreamPart } from '@llm/core';
import { createMockModel, type MockModel, type Scenario } from '@llm/mocks';
import { describe, expect, it } from 'vitest';
import { createAnalytics } from './analytics.js';
import { attemptMiddleware, callMiddleware } from './analytics-middleware.js';
import { AnalyticsRecorder } from './analytics-recorder.js';
import type { CallRecord } from './call-record.js';

function provider(mock: MockModel, name = 'mock'): Provider {
  return { name, chatModel: () => mock.model, listModels: async () => [], checkHealth: () => runHealthCheck(name, async () => undefined) };
}

const BASE: Partial<ClientConfigInput> = {
  provider: 'mock',
  model: 'mock-model',
  logging: { level: 'silent' },
  telemetry: { enabled: false },
  retry: { maxRetries: 2, initialDelay: 1, maxDelay: 2 },
  cost: { prices: { 'mock:mock-model': { input: 1, output: 2 }, 'backup:backup-model': { input: 3, output: 4 } } },
};

function setUp(script: Scenario[], config: Partial<ClientConfigInput> = {}, extra: Parameters<typeof resolveSetup>[1] = []) {
  const analytics = createAnalytics();
  const mock = createMockModel({ script });
  const client = createClient(provider(mock), resolveSetup({ ...BASE, ...config }, [...extra, analytics.clientOption()]));
  const all = async () => (await analytics.records({ from: 0, to: Date.now() + 60_000 })).sort((a, b) => (a.kind === b.kind ? a.attempt - b.attempt : a.kind === 'call' ? 1 : -1));
  return { analytics, client, mock, all };
}

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('analytics middleware on a client', () => {
  it('records a call and each of its attempts, linked, with tokens and cost', async () => {
    const { client, all } = setUp([
      { kind: 'error', error: 'overloaded' },
      { kind: 'text', text: 'hello there', usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 200 } },
    ]);
    const started = Date.now();
    await client.chat({ ...ask, tags: { feature: 'search', experiment: 'e1', arm: 'b' } });
    const records = await all();
    expect(records.map((r) => [r.kind, r.attempt, r.outcome, r.errorCode])).toEqual([
      ['attempt', 1, 'error', 'overloaded'],
      ['attempt', 2, 'success', undefined],
      ['call', 2, 'success', undefined],
    ]);
    const [first, second, call] = records as [CallRecord, CallRecord, CallRecord];
    expect(first.callId).toBe(call.id);
    expect(second.callId).toBe(call.id);
    expect(new Set(records.map((r) => r.id)).size).toBe(3);
    // The memory store keeps the observers' ids as numbers: given back as they were made.
    expect([first.id, second.id]).toEqual([`${call.id}.1`, `${call.id}.2`]);
    expect(call).toMatchObject({
      provider: 'mock',
      model: 'mock-model',
      operation: 'chat',
      streamed: false,
      retries: 1,
      fallbackHop: 0,
      cacheHit: false,
      inputTokens: 1000,
      outputTokens: 500,
      cachedInputTokens: 200,
      tags: { feature: 'search' },
      experiment: 'e1',
      arm: 'b',
    });
    // $1 per million input tokens (no separate cached rate: the input rate), $2 per million output.
    expect(call.costUsd).toBeCloseTo((1000 * 1 + 500 * 2) / 1e6, 12);
    expect(second.costUsd).toBeCloseTo(call.costUsd!, 12);
    expect(call.start).toBeGreaterThanOrEqual(started);
    expect(call.durationMs).toBeGreaterThanOrEqual(second.durationMs);
    expect(second.retries).toBe(1);
  });

  it('times a stream: time to first chunk and the mean gap between chunks', async () => {
    const { client, all } = setUp([{ kind: 'text', text: 'one two three four five', chunks: 5, fault: { kind: 'slow-chunks', delayMs: 30 } }]);
    const stream = client.streamChat(ask);
    for await (const _ of stream) {
      // read it all
    }
    const call = (await all()).find((r) => r.kind === 'call')!;
    expect(call.streamed).toBe(true);
    expect(call.outputChunks).toBe(5);
    expect(call.ttfcMs).toBeGreaterThanOrEqual(0);
    expect(call.ttfcMs!).toBeLessThan(call.durationMs);
    // Four gaps of at least 30 ms after the first chunk.
    expect(call.chunkMs!).toBeGreaterThanOrEqual(29);
    expect(call.durationMs).toBeGreaterThanOrEqual(call.ttfcMs! + 4 * 29);
  });

  it('a reply from the response cache is a call with no attempt, no tokens and no cost', async () => {
    const { client, all, analytics } = setUp([], { cache: { enabled: true } });
    await client.chat({ ...ask, temperature: 0 });
    await client.chat({ ...ask, temperature: 0 });
    // In the order they were recorded.
    const calls = (await analytics.records({ from: 0, to: Date.now() + 60_000, kind: 'call' }));
    expect(calls.map((r) => [r.cacheHit, r.attempt, r.outputTokens, r.costUsd === undefined])).toEqual([
      [false, 1, expect.any(Number), false],
      [true, 0, 0, true],
    ]);
    expect((await all()).filter((r) => r.kind === 'attempt')).toHaveLength(1);
  });

  it('a call answered by a fallback model is recorded under that model with its hop', async () => {
    const backup = createMockModel({ provider: 'backup', modelId: 'backup-model' });
    const { client, all } = setUp([{ kind: 'error', error: 'overloaded' }], { retry: { maxRetries: 0 } }, [withFallback(backup.model)]);
    await client.chat(ask);
    const records = await all();
    const call = records.find((r) => r.kind === 'call')!;
    expect(call).toMatchObject({ provider: 'backup', model: 'backup-model', fallbackHop: 1, outcome: 'success' });
    expect(records.filter((r) => r.kind === 'attempt').map((r) => [r.model, r.outcome])).toEqual([['mock-model', 'error']]);
  });

  it('a failed call is recorded with its error code, its attempts and the error passed on unchanged', async () => {
    const { client, all } = setUp([
      { kind: 'error', error: 'rate_limited' },
      { kind: 'error', error: 'rate_limited' },
      { kind: 'error', error: 'rate_limited' },
    ]);
    await expect(client.chat(ask)).rejects.toMatchObject({ code: 'rate_limited' });
    const records = await all();
    expect(records.map((r) => [r.kind, r.attempt, r.errorCode])).toEqual([
      ['attempt', 1, 'rate_limited'],
      ['attempt', 2, 'rate_limited'],
      ['attempt', 3, 'rate_limited'],
      ['call', 3, 'rate_limited'],
    ]);
    expect(records.at(-1)).toMatchObject({ outcome: 'error', retries: 2, inputTokens: 0, costUsd: undefined });
  });

  it('a stream that fails after the vendor reported usage keeps that usage and its cost (it was billed)', async () => {
    const failing: ChatTransport = {
      provider: 'mock',
      modelId: 'mock-model',
      doChat: () => Promise.reject(new Error('unused')),
      async *doStream(): AsyncGenerator<TransportStreamPart> {
        yield { type: 'metadata', id: 'r1', model: 'mock-model' };
        yield { type: 'text-delta', text: 'half' };
        yield { type: 'usage', usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 } };
        throw new Error('connection reset');
      },
    };
    const analytics = createAnalytics();
    const model = createChatModel(failing);
    const failingProvider: Provider = { name: 'mock', chatModel: () => model, listModels: async () => [], checkHealth: () => runHealthCheck('mock', async () => undefined) };
    const client = createClient(failingProvider, resolveSetup({ ...BASE, retry: { maxRetries: 0 } }, [analytics.clientOption()]));
    await expect(client.streamChat(ask).response).rejects.toBeDefined();
    const records = await analytics.records({ from: 0, to: Date.now() + 60_000 });
    const call = records.find((r) => r.kind === 'call')!;
    expect(call).toMatchObject({ outcome: 'error', inputTokens: 1000, outputTokens: 500 });
    expect(call.costUsd).toBeCloseTo((1000 * 1 + 500 * 2) / 1e6, 12);
    expect(records.find((r) => r.kind === 'attempt')).toMatchObject({ outcome: 'error', inputTokens: 1000, outputTokens: 500 });
  });

  it('a model that throws instead of rejecting: the call fails the same way, both records say so', async () => {
    const recorder = new AnalyticsRecorder();
    const mock = createMockModel({ script: [] });
    const throwing: ChatModel = {
      ...mock.model,
      chat: () => {
        throw new TypeError('not a promise');
      },
    };
    const model = applyMiddleware(throwing, callMiddleware(recorder), attemptMiddleware(recorder));
    await expect(model.chat(ask)).rejects.toThrow('not a promise');
    const records = await recorder.store.records({ from: 0, to: Date.now() + 60_000 });
    expect(records.map((r) => [r.kind, r.outcome, r.errorCode]).sort()).toEqual([
      ['attempt', 'error', 'provider_error'],
      ['call', 'error', 'provider_error'],
    ]);
  });

  it('a stream the caller leaves early is a canceled call', async () => {
    const { client, all } = setUp([{ kind: 'text', text: 'a b c d e f', chunks: 6, fault: { kind: 'slow-chunks', delayMs: 5 } }]);
    for await (const event of client.streamChat(ask)) {
      if (event.type === 'text-delta') break;
    }
    const call = (await all()).find((r) => r.kind === 'call')!;
    expect(call).toMatchObject({ outcome: 'error', errorCode: 'canceled', streamed: true });
    expect(call.ttfcMs).toBeDefined();
  });

  it('the aggregates see the recorded calls', async () => {
    const { client, analytics } = setUp([]);
    for (let i = 0; i < 5; i++) await client.chat(ask);
    const result = await analytics.aggregate({ from: Date.now() - 60_000, to: Date.now() + 60_000 });
    expect(result.groups.map((g) => [g.group.model, g.count, g.errors])).toEqual([['mock-model', 5, 0]]);
  });
});
