import { LLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { budgetMiddleware, type BudgetAlert } from './budget-middleware.js';
import { InMemoryBudgetStore, type BudgetStore } from './budget-store.js';
import { ROLLING_BUCKETS } from './budget-period.js';
import { chatModelFrom, type ChatModel, createChatModel } from '../model/index.js';
import { costMiddleware, staticPriceTable } from '../cost/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { applyMiddleware } from '../middleware/index.js';
import { createLocalTokenCounter } from '../tokens/index.js';

// $1 per million input tokens, $2 per million output tokens: a call of 1000 tokens in and up to
// 1000 out costs at most $0.003.
const prices = staticPriceTable({ 'vendor:m': { input: 1, output: 2 } });
const counter = createLocalTokenCounter({ name: 'fixed', exact: true, countText: () => 0, framing: { perRequest: 1000, perMessage: 0 } });
// Every test runs the budget on a fixed clock: nothing depends on today's date.
const JUNE_10 = Date.UTC(2025, 5, 10);
/** The key of a rolling-day budget's bucket holding `at`. */
const rollingDayKey = (at: number): string => `llm:budget:global:rday:${Math.floor(at / (86_400_000 / ROLLING_BUCKETS))}`;
const request = (tags?: Record<string, string>): ChatRequest => ({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 1000, ...(tags ? { tags } : {}) });

/** A vendor that answers after a little while with 1000 input tokens and 0..maxTokens output tokens. */
function vendor(): ChatModel & { calls: ChatRequest<unknown>[] } {
  const calls: ChatRequest<unknown>[] = [];
  const chat = async <T>(req: ChatRequest<T>): Promise<ChatResponse<T>> => {
    calls.push(req as ChatRequest<unknown>);
    await new Promise((r) => setTimeout(r, 1 + Math.random() * 5));
    const outputTokens = Math.floor(Math.random() * ((req.maxTokens ?? 0) + 1));
    return { id: 'x', provider: 'vendor', model: 'm', created: 0, text: 'ok', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1000, outputTokens, totalTokens: 1000 + outputTokens }, object: undefined as T };
  };
  const model = chatModelFrom({ provider: 'vendor', modelId: 'm', chat, streamChat: () => { throw new Error('not used'); } });
  return Object.assign(model, { calls });
}

/** A vendor whose every call really costs $0.002 (1000 tokens in, 500 out). */
function fixedVendor(): ChatModel {
  return chatModelFrom({
    provider: 'vendor',
    modelId: 'm',
    chat: async <T>() => ({ id: 'x', provider: 'vendor', model: 'm', created: 0, text: '', toolCalls: [], finishReason: 'stop' as const, usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 }, object: undefined as T }),
    streamChat: () => {
      throw new Error('not used');
    },
  });
}

/** A store that checks, after every settle, that the spend never passed the limit. */
function auditedStore(limit: number): BudgetStore & { maxSeen: number } {
  const inner = new InMemoryBudgetStore();
  const audited = {
    maxSeen: 0,
    reserve: inner.reserve.bind(inner),
    usage: inner.usage.bind(inner),
    reset: inner.reset.bind(inner),
    async settle(id: string, usd: number) {
      await inner.settle(id, usd);
      const key = Buffer.from(id.split('.')[0]!, 'base64url').toString('utf8');
      const { spentUsd, reservedUsd } = await inner.usage(key);
      audited.maxSeen = Math.max(audited.maxSeen, spentUsd);
      if (spentUsd + reservedUsd > limit + 1e-9) throw new Error(`overspent: ${spentUsd} + ${reservedUsd} > ${limit}`);
    },
  };
  return audited;
}

describe('budgetMiddleware', () => {
  it('refuses a call whose worst case is over maxCostPerRequest without reaching the vendor', async () => {
    const inner = vendor();
    const model = applyMiddleware(inner, budgetMiddleware({ prices, tokenCounter: counter, maxCostPerRequest: 0.002 }));
    const error = await model.chat(request()).catch((e: unknown) => e);
    expect(LLMError.is(error) && error.code).toBe('cost_exceeded');
    expect((error as LLMError).details).toMatchObject({ worstCaseUsd: 0.003, limitUsd: 0.002, inputTokens: 1000, maxOutputTokens: 1000 });
    expect(inner.calls).toHaveLength(0);
    await model.chat({ ...request(), maxTokens: 400 });
    expect(inner.calls).toHaveLength(1);
  });

  it('caps a request without maxTokens so that its worst case holds', async () => {
    const inner = vendor();
    const model = applyMiddleware(inner, budgetMiddleware({ prices, tokenCounter: counter, maxBudget: 1, defaultMaxOutputTokens: 321 }));
    await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(inner.calls[0]?.maxTokens).toBe(321);
  });

  it('64 concurrent callers never spend past the budget', async () => {
    const limit = 0.05;
    const store = auditedStore(limit);
    const inner = vendor();
    const model = applyMiddleware(inner, costMiddleware({ prices }), budgetMiddleware({ prices, tokenCounter: counter, maxBudget: limit, store, now: () => JUNE_10 }));
    let refused = 0;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled(Array.from({ length: 64 }, () => model.chat(request())));
      for (const r of results) if (r.status === 'rejected') {
        expect((r.reason as LLMError).code).toBe('cost_exceeded');
        refused++;
      }
    }
    const { spentUsd, reservedUsd } = await store.usage('llm:budget:global:2025-06');
    expect(reservedUsd).toBe(0);
    expect(spentUsd).toBeLessThanOrEqual(limit);
    expect(spentUsd).toBeGreaterThan(limit * 0.5);
    expect(refused).toBeGreaterThan(0);
    expect(inner.calls.length + refused).toBe(192);
    expect(store.maxSeen).toBeLessThanOrEqual(limit);
  });

  it("keeps one budget per tag value", async () => {
    const store = new InMemoryBudgetStore();
    const model = applyMiddleware(fixedVendor(), budgetMiddleware({ prices, tokenCounter: counter, maxBudget: 0.004, budgetTag: 'user', store, now: () => JUNE_10 }));
    await model.chat(request({ user: 'alice' })); // reserves the worst case, $0.003, and spends $0.002
    await expect(model.chat(request({ user: 'alice' }))).rejects.toMatchObject({ code: 'cost_exceeded', details: { scope: 'tag:user=alice', spentUsd: 0.002 } });
    const bob = await model.chat(request({ user: 'bob' }));
    expect(bob.usage).toMatchObject({ inputTokens: 1000, outputTokens: 500 });
    expect(await store.usage('llm:budget:tag:user=alice:2025-06')).toEqual({ spentUsd: 0.002, reservedUsd: 0 });
    expect(await store.usage('llm:budget:tag:user=bob:2025-06')).toEqual({ spentUsd: 0.002, reservedUsd: 0 });
    await model.chat(request()); // no tag: its own budget
    expect(await store.usage('llm:budget:tag:user=(untagged):2025-06')).toEqual({ spentUsd: 0.002, reservedUsd: 0 });
  });

  it("lets a crashed caller's reservation lapse after its lease", async () => {
    let now = JUNE_10;
    const store = new InMemoryBudgetStore({ now: () => now });
    const model = applyMiddleware(fixedVendor(), budgetMiddleware({ prices, tokenCounter: counter, maxBudget: 0.004, period: 'day', store, leaseMs: 60_000, now: () => now }));
    // A process that reserved and died.
    await store.reserve('llm:budget:global:2025-06-10', 0.003, 0.004, 60_000);
    await expect(model.chat(request())).rejects.toMatchObject({ code: 'cost_exceeded', details: { reservedUsd: 0.003 } });
    now += 59_999;
    await expect(model.chat(request())).rejects.toMatchObject({ code: 'cost_exceeded' });
    now += 1;
    await model.chat(request());
    // The lapsed reservation is gone; the call's own spend is recorded and its reservation settled.
    expect(await store.usage('llm:budget:global:2025-06-10')).toEqual({ spentUsd: 0.002, reservedUsd: 0 });
  });

  it('alerts once per period and threshold, across clients sharing the store, and at 100% when a call is refused', async () => {
    let now = Date.UTC(2025, 5, 10, 8);
    const store = new InMemoryBudgetStore({ now: () => now });
    const alerts: BudgetAlert[] = [];
    const options = { prices, tokenCounter: counter, maxBudget: 0.01, period: 'day' as const, store, now: () => now, onAlert: (a: BudgetAlert) => void alerts.push(a) };
    const a = applyMiddleware(vendor(), budgetMiddleware(options));
    const b = applyMiddleware(vendor(), budgetMiddleware(options));
    const c = applyMiddleware(fixedVendor(), budgetMiddleware(options));
    for (const m of [c, c, c]) await m.chat(request());
    expect(alerts.map((x) => x.threshold)).toEqual([0.5]);
    await c.chat(request());
    expect(alerts.map((x) => x.threshold)).toEqual([0.5, 0.8]);
    await expect(a.chat(request())).rejects.toMatchObject({ code: 'cost_exceeded' });
    await expect(b.chat(request())).rejects.toMatchObject({ code: 'cost_exceeded' });
    await new Promise((r) => setTimeout(r, 5));
    expect(alerts.map((x) => [x.threshold, x.refused])).toEqual([[0.5, false], [0.8, false], [1, true]]);
    // The next day starts afresh, alerts too.
    now += 86_400_000;
    for (const m of [c, c, c]) await m.chat(request());
    expect(alerts.map((x) => x.threshold)).toEqual([0.5, 0.8, 1, 0.5]);
  });

  it('counts older buckets of a rolling window, and forgets them once they leave it', async () => {
    let now = JUNE_10;
    const store = new InMemoryBudgetStore({ now: () => now });
    const model = applyMiddleware(fixedVendor(), budgetMiddleware({ prices, tokenCounter: counter, maxBudget: 0.004, period: 'day', window: 'rolling', store, now: () => now }));
    await model.chat(request()); // reserves 0.003, spends 0.002
    const first = now;
    expect(await store.usage(rollingDayKey(first))).toEqual({ spentUsd: 0.002, reservedUsd: 0 });
    now += 3_600_000 * 6; // a later bucket of the same 24-hour window: 0.002 left, the worst case is 0.003
    await expect(model.chat(request())).rejects.toMatchObject({ code: 'cost_exceeded', details: { spentUsd: 0.002 } });
    await model.chat({ ...request(), maxTokens: 400 }); // worst case $0.0018 fits
    expect(await store.usage(rollingDayKey(now))).toEqual({ spentUsd: 0.002, reservedUsd: 0 });
    now += 3_600_000 * 24; // both buckets have left the window
    await model.chat(request());
    expect(await store.usage(rollingDayKey(now))).toEqual({ spentUsd: 0.002, reservedUsd: 0 });
    expect(rollingDayKey(now)).not.toBe(rollingDayKey(first));
  });

  it('reserves for a stream and settles it when the stream finishes; a refused stream fails before the vendor', async () => {
    const store = new InMemoryBudgetStore();
    const transport = fakeTransport({ usage: { inputTokens: 1000, outputTokens: 10, totalTokens: 1010 }, chunks: ['a', 'b'] }, 'vendor');
    const model = applyMiddleware(createChatModel(Object.assign(transport, { modelId: 'm' })), budgetMiddleware({ prices, tokenCounter: counter, maxBudget: 0.004, store, now: () => JUNE_10 }));
    const stream = model.streamChat(request());
    let chunks = 0;
    for await (const event of stream) if (event.type === 'text-delta') chunks++;
    expect(chunks).toBe(2);
    await new Promise((r) => setTimeout(r, 5));
    const key = 'llm:budget:global:2025-06';
    expect(await store.usage(key)).toEqual({ spentUsd: (1000 * 1 + 10 * 2) / 1e6, reservedUsd: 0 });
    await store.reserve(key, 0.003, 0.004, 60_000);
    const refused = model.streamChat(request());
    await expect(refused.response).rejects.toMatchObject({ code: 'cost_exceeded' });
    expect(transport.requests).toHaveLength(1);
  });

  it('refuses a model with no known price unless told to let it through', async () => {
    const inner = vendor();
    const strict = applyMiddleware(inner, budgetMiddleware({ prices: staticPriceTable({}), tokenCounter: counter, maxBudget: 1 }));
    await expect(strict.chat(request())).rejects.toMatchObject({ code: 'configuration' });
    const lax = applyMiddleware(inner, budgetMiddleware({ prices: staticPriceTable({}), tokenCounter: counter, maxBudget: 1, unpricedModels: 'allow' }));
    expect(inner.calls).toHaveLength(0);
    const answered = await lax.chat(request());
    expect(answered.text).toBe('ok');
    expect(inner.calls).toHaveLength(1);
  });
});
