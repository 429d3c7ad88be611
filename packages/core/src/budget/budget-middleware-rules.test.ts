import { LLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, Usage } from '@llm/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetMiddleware, type BudgetMiddlewareOptions } from './budget-middleware.js';
import { InMemoryBudgetStore, SETTLE_GRACE_MS, type BudgetStore } from './budget-store.js';
import { ROLLING_BUCKETS } from './budget-period.js';
import { staticPriceTable } from '../cost/index.js';
import type { Logger } from '../logging/index.js';
import { applyMiddleware } from '../middleware/index.js';
import { chatModelFrom, createChatModel, type ChatModel, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { createLocalTokenCounter, type TokenCounter } from '../tokens/index.js';

// The budget middleware's rules one by one, on a fixed clock: what a failed or cached call is
// charged, the worst case and its margin, the words of each refusal, how long the store keeps a
// key, and what happens when the store or an alert hook fails. Complements budget-middleware.test.ts.

// $1 per million input tokens, $2 per million output tokens.
const prices = staticPriceTable({ 'vendor:m': { input: 1, output: 2 } });
/** Every request counts 1000 input tokens, exactly (a tokenizer) or as an estimate. */
const exact = createLocalTokenCounter({ name: 'fixed', exact: true, countText: () => 0, framing: { perRequest: 1000, perMessage: 0 } });
const estimate = createLocalTokenCounter({ name: 'guess', exact: false, countText: () => 0, framing: { perRequest: 1000, perMessage: 0 } });
// Tuesday 2025-06-10, 06:00 UTC.
const NOW = Date.UTC(2025, 5, 10, 6);
const MONTH_KEY = 'llm:budget:global:2025-06';
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 1000, ...extra });

type Outcome = { usage?: Usage; cached?: boolean } | { error: unknown };

/** A vendor that plays `outcomes` in order, recording the requests it got. */
function vendor(...outcomes: Outcome[]): ChatModel & { calls: ChatRequest<unknown>[] } {
  const calls: ChatRequest<unknown>[] = [];
  const chat = async <T>(req: ChatRequest<T>): Promise<ChatResponse<T>> => {
    calls.push(req as ChatRequest<unknown>);
    const outcome = outcomes.shift() ?? {};
    if ('error' in outcome) throw outcome.error;
    const usage = outcome.usage ?? { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 };
    return { id: 'x', provider: 'vendor', model: 'm', created: 0, text: 'ok', toolCalls: [], finishReason: 'stop', usage, object: undefined as T, ...(outcome.cached ? { cached: true } : {}) };
  };
  const model = chatModelFrom({ provider: 'vendor', modelId: 'm', chat, streamChat: () => { throw new Error('not used'); } });
  return Object.assign(model, { calls });
}

function budgeted(inner: ChatModel, options: Partial<BudgetMiddlewareOptions> = {}) {
  const store = options.store ?? new InMemoryBudgetStore({ now: () => NOW });
  const model = applyMiddleware(inner, budgetMiddleware({ prices, tokenCounter: exact, maxBudget: 1, now: () => NOW, ...options, store }));
  return { model, store };
}

function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
  const logger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), isLevelEnabled: () => true };
  return { logger, lines };
}

describe('budgetMiddleware: what a call is charged', () => {
  it('a failure the vendor may have processed is charged the prompt; a refusal by the vendor nothing', async () => {
    const billed = ['timeout', 'canceled', 'network', 'malformed_response'] as const;
    const free = ['invalid_request', 'overloaded', 'rate_limited', 'authentication'] as const;
    for (const code of [...billed, ...free]) {
      const { model, store } = budgeted(vendor({ error: new LLMError({ code, message: code }) }));
      await expect(model.chat(ask())).rejects.toMatchObject({ code });
      const charged = (billed as readonly string[]).includes(code) ? 1000 / 1e6 : 0;
      expect({ code, usage: await store.usage(MONTH_KEY) }).toEqual({ code, usage: { spentUsd: charged, reservedUsd: 0 } });
    }
    const { model, store } = budgeted(vendor({ error: new Error('not an LLMError') }));
    await expect(model.chat(ask())).rejects.toThrow('not an LLMError');
    expect(await store.usage(MONTH_KEY)).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });

  it('a reply from the cache costs nothing; a reply with the vendor\'s own cost is charged that', async () => {
    const cached = budgeted(vendor({ cached: true }));
    await cached.model.chat(ask());
    expect(await cached.store.usage(MONTH_KEY)).toEqual({ spentUsd: 0, reservedUsd: 0 });
    const priced = budgeted(vendor({ usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500, cost: { totalUsd: 0.25, source: 'provider' } } }));
    await priced.model.chat(ask());
    expect(await priced.store.usage(MONTH_KEY)).toEqual({ spentUsd: 0.25, reservedUsd: 0 });
    const computed = budgeted(vendor({}));
    await computed.model.chat(ask());
    expect((await computed.store.usage(MONTH_KEY)).spentUsd).toBeCloseTo((1000 * 1 + 500 * 2) / 1e6, 12);
  });
});

describe('budgetMiddleware: the worst case', () => {
  it('adds the margin to an estimated prompt, not to an exact count, and says so in the refusal', async () => {
    const { model } = budgeted(vendor(), { tokenCounter: estimate, maxCostPerRequest: 0.003 });
    const err = await model.chat(ask()).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'cost_exceeded',
      local: true,
      retryable: false,
      provider: 'vendor',
      model: 'm',
      message: 'this call could cost up to $0.003300, over the limit of $0.003 per request (lower maxTokens or shorten the prompt)',
      details: { worstCaseUsd: 0.0033, inputTokens: 1300, inputTokensSource: 'estimate', maxOutputTokens: 1000, limitUsd: 0.003 },
    });
    const noMargin = budgeted(vendor(), { tokenCounter: estimate, maxCostPerRequest: 0.003, estimateMargin: 0 });
    expect((await noMargin.model.chat(ask())).text).toBe('ok');
    const counted = budgeted(vendor(), { tokenCounter: exact, maxCostPerRequest: 0.003 });
    expect((await counted.model.chat(ask())).text).toBe('ok');
  });

  it('a request without maxTokens is sent with the configured default and bounded by it', async () => {
    const inner = vendor();
    const { model, store } = budgeted(inner, { defaultMaxOutputTokens: 100, store: new InMemoryBudgetStore({ now: () => NOW }) });
    const { maxTokens: _none, ...open } = ask();
    await model.chat(open);
    expect(inner.calls[0]?.maxTokens).toBe(100);
    expect((await store.usage(MONTH_KEY)).reservedUsd).toBe(0);
    const capped = budgeted(vendor(), { defaultMaxOutputTokens: 100, maxCostPerRequest: (1000 + 200) / 1e6 });
    expect((await capped.model.chat(open)).text).toBe('ok');
  });
});

describe('budgetMiddleware: a spent budget', () => {
  it('says which budget, per what period, the worst case, the spend and what is reserved', async () => {
    const { model, store } = budgeted(vendor(), { maxBudget: 0.004, period: 'day' });
    await store.reserve('llm:budget:global:2025-06-10', 0.002, 1, 60_000);
    const err = await model.chat(ask()).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'cost_exceeded',
      local: true,
      message: 'the global budget of $0.004 per day has no room for this call (worst case $0.003000, spent $0.000000, reserved $0.002000)',
      details: { limitUsd: 0.004, spentUsd: 0, reservedUsd: 0.002, scope: 'global', period: '2025-06-10' },
    });
    const rolling = budgeted(vendor(), { maxBudget: 0.002, period: 'day', window: 'rolling' });
    const refused = await rolling.model.chat(ask()).catch((e: unknown) => e);
    expect((refused as LLMError).message).toMatch(/^the global budget of \$0.002 per rolling day has no room/);
  });

  it('keeps a budget per tag value, the untagged calls together, under the client name given', async () => {
    const { model, store } = budgeted(vendor(), { budgetTag: 'user', name: 'app' });
    await model.chat(ask({ tags: { user: 'alice' } }));
    await model.chat(ask());
    expect((await store.usage('app:budget:tag:user=alice:2025-06')).spentUsd).toBeGreaterThan(0);
    expect((await store.usage('app:budget:tag:user=(untagged):2025-06')).spentUsd).toBeGreaterThan(0);
  });
});

describe('budgetMiddleware: how long the store keeps a key', () => {
  /** An in-memory store that records the retention asked for with each reservation. */
  function retentionStore() {
    const inner = new InMemoryBudgetStore({ now: () => NOW });
    const asked: Array<{ key: string; leaseMs: number; retainMs: number | undefined }> = [];
    const store: BudgetStore = {
      reserve: (key, amount, limit, leaseMs, retainMs) => {
        asked.push({ key, leaseMs, retainMs });
        return inner.reserve(key, amount, limit, leaseMs, retainMs);
      },
      settle: (id, usd) => inner.settle(id, usd),
      usage: (key) => inner.usage(key),
      reset: (key) => inner.reset(key),
    };
    return { store, asked };
  }

  it('until its period is over and a late settle\'s grace after; a total budget for good; an alert marker until the period ends', async () => {
    const day = retentionStore();
    const alerts: number[] = [];
    const { model } = budgeted(vendor(), { store: day.store, period: 'day', maxBudget: 0.004, leaseMs: 5000, alertThresholds: [0.5], onAlert: (a) => alerts.push(a.threshold) });
    await model.chat(ask());
    const endOfDay = Date.UTC(2025, 5, 11) - NOW;
    expect(day.asked[0]).toEqual({ key: 'llm:budget:global:2025-06-10', leaseMs: 5000, retainMs: endOfDay + SETTLE_GRACE_MS });
    expect(day.asked[1]).toEqual({ key: 'llm:alert:global:2025-06-10:0.5', leaseMs: endOfDay, retainMs: endOfDay + SETTLE_GRACE_MS });
    expect(alerts).toEqual([0.5]);

    const total = retentionStore();
    await budgeted(vendor(), { store: total.store, period: 'total' }).model.chat(ask());
    expect(total.asked[0]).toEqual({ key: 'llm:budget:global:total', leaseMs: 600_000, retainMs: undefined });
  });
});

describe('budgetMiddleware: failures of its own', () => {
  it('a store that cannot reserve refuses the call locally, without reaching the vendor', async () => {
    const inner = vendor();
    const down = Object.assign(new InMemoryBudgetStore(), { reserve: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) });
    const { model } = budgeted(inner, { store: down });
    const err = await model.chat(ask()).catch((e: unknown) => e);
    expect(err).toMatchObject({ local: true, provider: 'vendor', model: 'm' });
    expect((err as LLMError).message).toMatch(/^the budget could not be checked, so the call was not sent: .*ECONNREFUSED/);
    expect(inner.calls).toHaveLength(0);
  });

  it('a caller who cancels while the budget is checked gets canceled as it is', async () => {
    const canceled = new LLMError({ code: 'canceled', message: 'the caller left' });
    const slow = Object.assign(new InMemoryBudgetStore(), { reserve: () => Promise.reject(canceled) });
    const err = await budgeted(vendor(), { store: slow }).model.chat(ask()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'canceled', message: 'the caller left' });
  });

  it('a store that cannot settle loses the record, not the reply, and says so in the log', async () => {
    const { logger, lines } = recordingLogger();
    const broken = Object.assign(new InMemoryBudgetStore({ now: () => NOW }), { settle: () => Promise.reject(new Error('Connection is closed.')) });
    const { model } = budgeted(vendor(), { store: broken, logger });
    expect((await model.chat(ask())).text).toBe('ok');
    expect(lines).toMatchObject([{ level: 'error', message: 'could not settle a budget reservation', fields: { key: MONTH_KEY } }]);
    expect((lines[0]!.fields!.error as Error).message).toBe('Connection is closed.');
  });

  it('an alert hook that throws is logged, and the call goes on', async () => {
    const { logger, lines } = recordingLogger();
    const { model } = budgeted(vendor(), { logger, maxBudget: 0.004, alertThresholds: [0.5], onAlert: () => { throw new Error('pager down'); } });
    expect((await model.chat(ask())).text).toBe('ok');
    expect(lines).toMatchObject([{ level: 'warn', message: 'a budget alert callback threw' }]);
    expect((lines[0]!.fields!.error as Error).message).toBe('pager down');
  });
});

describe('budgetMiddleware: what a failed stream is charged', () => {
  /** Counts each character of text as a token, and 1000 for the request's framing. */
  const chars = createLocalTokenCounter({ name: 'chars', exact: true, countText: (t) => t.length, framing: { perRequest: 1000, perMessage: 0 } });

  function stream(parts: TransportStreamPart[], failure: unknown): ChatModel {
    const transport: ChatTransport = {
      provider: 'vendor',
      modelId: 'm',
      doChat: () => Promise.reject(new Error('unused')),
      async *doStream(): AsyncGenerator<TransportStreamPart> {
        yield { type: 'metadata', id: 'r1', model: 'm' };
        for (const part of parts) yield part;
        if (failure !== undefined) throw failure;
        yield { type: 'finish', finishReason: 'stop' };
      },
    };
    return createChatModel(transport);
  }

  async function charged(model: ChatModel, counter: TokenCounter = chars): Promise<{ spentUsd: number; reservedUsd: number }> {
    const store = new InMemoryBudgetStore({ now: () => NOW });
    const budgeted = applyMiddleware(model, budgetMiddleware({ prices, tokenCounter: counter, maxBudget: 1, now: () => NOW, store }));
    await budgeted.streamChat(ask()).response.catch(() => undefined);
    // The settle runs as the stream ends: wait for the reservation to go.
    for (let i = 0; i < 100 && (await store.usage(MONTH_KEY)).reservedUsd > 0; i++) await new Promise((r) => setImmediate(r));
    return store.usage(MONTH_KEY);
  }

  let input = 0;
  beforeAll(async () => {
    input = (await chars.countRequest(ask())).tokens;
  });
  const network = new LLMError({ code: 'network', message: 'connection reset' });

  it('the prompt and the output it had sent, text, reasoning and tool arguments alike', async () => {
    const parts: TransportStreamPart[] = [
      { type: 'text-delta', text: 'abcd' },
      { type: 'reasoning-delta', text: 'xy' },
      { type: 'tool-call-delta', index: 0, id: 'c1', name: 'f', argumentsDelta: '{"a":1}' },
    ];
    const usage = await charged(stream(parts, network));
    expect(usage.reservedUsd).toBe(0);
    expect(usage.spentUsd).toBeCloseTo((input * 1 + (4 + 2 + 7) * 2) / 1e6, 12);
  });

  it('nothing when the vendor refused it before any output; the output when it refused after some', async () => {
    const refused = new LLMError({ code: 'rate_limited', message: '429' });
    expect(await charged(stream([], refused))).toEqual({ spentUsd: 0, reservedUsd: 0 });
    expect((await charged(stream([{ type: 'text-delta', text: 'abc' }], refused))).spentUsd).toBeCloseTo((input + 3 * 2) / 1e6, 12);
  });

  it('the usage the vendor reported before failing when it is more, at its own cost if it gave one', async () => {
    const reported = { type: 'usage' as const, usage: { inputTokens: 5000, outputTokens: 10, totalTokens: 5010 } };
    // Text after the usage report does not make the report forgotten.
    const usage = await charged(stream([{ type: 'text-delta', text: 'ab' }, reported, { type: 'text-delta', text: 'cd' }], network));
    expect(usage.spentUsd).toBeCloseTo((5000 * 1 + 10 * 2) / 1e6, 12);
    const withCost = { type: 'usage' as const, usage: { ...reported.usage, cost: { totalUsd: 0.5, source: 'provider' as const } } };
    expect((await charged(stream([withCost], network))).spentUsd).toBe(0.5);
  });

  it('a stream that finishes is charged its real cost', async () => {
    const usage = await charged(stream([{ type: 'text-delta', text: 'ab' }, { type: 'usage', usage: { inputTokens: 100, outputTokens: 50, totalTokens: 150 } }], undefined));
    expect(usage).toEqual({ spentUsd: (100 + 50 * 2) / 1e6, reservedUsd: 0 });
  });

  it('counts the output only when the stream fails: a finished stream is billed its usage, its deltas never counted', async () => {
    const counted: string[] = [];
    const spy = createLocalTokenCounter({ name: 'spy', exact: true, countText: (t) => (counted.push(t), t.length), framing: { perRequest: 1000, perMessage: 0 } });
    const deltas: TransportStreamPart[] = [{ type: 'text-delta', text: 'delta-one' }, { type: 'tool-call-delta', index: 0, id: 'c1', name: 'f', argumentsDelta: '{"delta":2}' }];
    await charged(stream([...deltas, { type: 'usage', usage: { inputTokens: 100, outputTokens: 50, totalTokens: 150 } }], undefined), spy);
    expect(counted.filter((t) => t.includes('delta'))).toEqual([]);
    await charged(stream(deltas, network), spy);
    expect(counted.filter((t) => t.includes('delta'))).toEqual(['delta-one', '{"delta":2}']);
  });
});

describe('budgetMiddleware: alerts and limits, more', () => {
  it('alerts in the order of the thresholds, whatever order they were given in, and not at 100% for a refusal unless asked', async () => {
    const alerts: Array<[number, boolean]> = [];
    const { model } = budgeted(vendor(), { maxBudget: 0.004, alertThresholds: [0.5, 0.25], onAlert: (a) => alerts.push([a.threshold, a.refused]) });
    await model.chat(ask());
    expect(alerts).toEqual([[0.25, false], [0.5, false]]);
    await model.chat(ask({ maxTokens: 10_000 })).catch(() => undefined);
    expect(alerts).toHaveLength(2);
  });

  it('without an alert hook nothing is sent and nothing is logged', async () => {
    const { logger, lines } = recordingLogger();
    const { model, store } = budgeted(vendor(), { logger, maxBudget: 0.004, alertThresholds: [0.25, 1] });
    await model.chat(ask());
    // A refusal would send the 100% alert on its own (not awaited): let the in-memory store answer.
    await model.chat(ask({ maxTokens: 10_000 })).catch(() => undefined);
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(lines).toEqual([]);
    expect((store as InMemoryBudgetStore).size).toBe(1);
  });

  it('with only a per-request limit nothing is reserved, and the request still gets its maxTokens', async () => {
    const inner = vendor();
    const store = new InMemoryBudgetStore({ now: () => NOW });
    const { model } = budgeted(inner, { maxBudget: undefined, maxCostPerRequest: 1, store, defaultMaxOutputTokens: 77 });
    const { maxTokens: _none, ...open } = ask();
    await model.chat(open);
    expect(inner.calls[0]?.maxTokens).toBe(77);
    expect(store.size).toBe(0);
  });

  it('a model with no price is refused locally, saying what to add', async () => {
    const err = await budgeted(vendor(), { prices: staticPriceTable({}) }).model.chat(ask()).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'configuration',
      local: true,
      message: 'no price is known for vendor:m, so its spend cannot be bounded; add one under cost.prices (or set cost.unpricedModels: allow)',
    });
  });

  it('counts the prompt with the vendor only when told to, and hands the caller\'s signal to the count', async () => {
    const asked: Array<{ allowNetwork: boolean | undefined; signal: boolean }> = [];
    const spy: TokenCounter = {
      name: 'spy',
      exact: true,
      countText: () => 0,
      countRequest: async (_request, options) => {
        asked.push({ allowNetwork: options?.allowNetwork, signal: options?.signal !== undefined });
        return { tokens: 1000, source: 'tokenizer' };
      },
    };
    await budgeted(vendor(), { tokenCounter: spy }).model.chat(ask());
    await budgeted(vendor(), { tokenCounter: spy, countWithVendor: true }).model.chat(ask(), { signal: new AbortController().signal });
    expect(asked).toEqual([
      { allowNetwork: false, signal: false },
      { allowNetwork: true, signal: true },
    ]);
  });
});

describe('budgetMiddleware: edges of its own bookkeeping', () => {
  it('a store that cannot settle, with no logger to tell, still loses only the record', async () => {
    const broken = Object.assign(new InMemoryBudgetStore({ now: () => NOW }), { settle: () => Promise.reject(new Error('Connection is closed.')) });
    expect((await budgeted(vendor(), { store: broken }).model.chat(ask())).text).toBe('ok');
  });

  it('an unpriced model let through that fails hands the caller the vendor\'s error', async () => {
    const own = new LLMError({ code: 'network', message: 'connection reset' });
    const { model } = budgeted(vendor({ error: own }), { prices: staticPriceTable({}), unpricedModels: 'allow' });
    await expect(model.chat(ask())).rejects.toBe(own);
  });

  it('a rolling budget alerts on what the whole window spent, older buckets included', async () => {
    const store = new InMemoryBudgetStore({ now: () => NOW });
    const bucketMs = 86_400_000 / ROLLING_BUCKETS;
    const older = `llm:budget:global:rday:${Math.floor(NOW / bucketMs) - 3}`;
    const r = await store.reserve(older, 0.002, 1, 60_000);
    if (!r.ok) throw new Error('expected a reservation');
    await store.settle(r.reservation.id, 0.002);
    const alerts: number[] = [];
    const { model } = budgeted(vendor(), { store, period: 'day', window: 'rolling', maxBudget: 0.008, alertThresholds: [0.5], onAlert: (a) => alerts.push(a.spentUsd) });
    await model.chat(ask());
    // 0.002 older and 0.002 now: half of 0.008.
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toBeCloseTo(0.004, 12);
  });
});
