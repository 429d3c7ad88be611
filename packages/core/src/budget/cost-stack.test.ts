import type { ChatRequest, ChatResponse } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { ClientConfigSchema } from '../config/index.js';
import { CostTracker, staticPriceTable } from '../cost/index.js';
import type { Logger } from '../logging/index.js';
import { applyMiddleware } from '../middleware/index.js';
import { chatModelFrom, type ChatModel } from '../model/index.js';
import { createLocalTokenCounter } from '../tokens/index.js';
import { type BudgetAlert } from './budget-middleware.js';
import { InMemoryBudgetStore } from './budget-store.js';
import { costStack, pricesFor } from './cost-stack.js';

// The client config's cost section turned into the cost and budget middlewares: each setting
// reaches the layer it configures.

const logger: Logger = { debug() {}, info() {}, warn() {}, error() {}, isLevelEnabled: () => false };
const counter = () => createLocalTokenCounter({ name: 'fixed', exact: true, countText: () => 0, framing: { perRequest: 1000, perMessage: 0 } });
const config = (cost: Record<string, unknown>) => ClientConfigSchema.parse({ provider: 'vendor', model: 'm', cost });
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 1000, ...extra });

function vendor(): ChatModel & { calls: ChatRequest<unknown>[] } {
  const calls: ChatRequest<unknown>[] = [];
  const chat = async <T>(req: ChatRequest<T>): Promise<ChatResponse<T>> => {
    calls.push(req as ChatRequest<unknown>);
    return { id: 'x', provider: 'vendor', model: 'm', created: 0, text: 'ok', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 }, object: undefined as T };
  };
  return Object.assign(chatModelFrom({ provider: 'vendor', modelId: 'm', chat, streamChat: () => { throw new Error('not used'); } }), { calls });
}

function stacked(cost: Record<string, unknown>, deps: Parameters<typeof costStack>[1] extends infer D ? Partial<D> : never = {}) {
  const inner = vendor();
  const { budget, cost: costLayer } = costStack(config(cost), { logger, modelId: 'm', tokenCounter: counter, ...deps });
  const model = applyMiddleware(inner, ...(budget ? [budget] : []), costLayer);
  return { model, inner, hasBudget: budget !== undefined };
}

describe('costStack', () => {
  it('no limit: only the cost layer, priced from the config over the table given', async () => {
    const tracker = new CostTracker();
    const table = staticPriceTable({ 'vendor:m': { input: 100, output: 100 } });
    const { model, hasBudget } = stacked({ prices: { 'vendor:m': { input: 1, output: 2 } } }, { priceTable: table, costTracker: tracker });
    expect(hasBudget).toBe(false);
    expect((await model.chat(ask())).usage.cost?.totalUsd).toBeCloseTo(0.002, 12);
    expect(tracker.report().totals.requests).toBe(1);
    expect(pricesFor(config({}), { priceTable: table })).toBe(table);
  });

  it('maxCostPerRequest and defaultMaxOutputTokens reach the budget layer', async () => {
    const prices = { 'vendor:m': { input: 1, output: 2 } };
    const refused = stacked({ prices, maxCostPerRequest: 0.002 });
    expect(refused.hasBudget).toBe(true);
    await expect(refused.model.chat(ask())).rejects.toMatchObject({ code: 'cost_exceeded', details: { limitUsd: 0.002 } });
    const capped = stacked({ prices, maxCostPerRequest: 0.002, defaultMaxOutputTokens: 100 });
    const { maxTokens: _none, ...open } = ask();
    await capped.model.chat(open);
    expect(capped.inner.calls[0]?.maxTokens).toBe(100);
  });

  it('the budget settings name the key, its period and window, the tag, the lease, the thresholds and the alert hook', async () => {
    const store = new InMemoryBudgetStore();
    const leases: number[] = [];
    const reserve = store.reserve.bind(store);
    store.reserve = (key, amount, limit, leaseMs, retainMs) => {
      if (key.includes(':budget:')) leases.push(leaseMs);
      return reserve(key, amount, limit, leaseMs, retainMs);
    };
    const alerts: BudgetAlert[] = [];
    const { model } = stacked(
      { prices: { 'vendor:m': { input: 1, output: 2 } }, maxBudget: 0.004, budgetPeriod: 'total', budgetTag: 'user', budgetName: 'app', alertThresholds: [0.5], reservationLease: '90s' },
      { budgetStore: store, onBudgetAlert: (a) => alerts.push(a) },
    );
    await model.chat(ask({ tags: { user: 'alice' } }));
    expect((await store.usage('app:budget:tag:user=alice:total')).spentUsd).toBeCloseTo(0.002, 12);
    expect(alerts).toMatchObject([{ threshold: 0.5, scope: 'tag:user=alice', period: 'total' }]);
    expect(leases).toEqual([90_000]);
    const rolling = stacked({ prices: { 'vendor:m': { input: 1, output: 2 } }, maxBudget: 0.001, budgetPeriod: 'day', budgetWindow: 'rolling' }, { budgetStore: new InMemoryBudgetStore() });
    await expect(rolling.model.chat(ask())).rejects.toThrow(/per rolling day/);
  });

  it('unpricedModels lets a model of unknown price through when asked', async () => {
    await expect(stacked({ maxBudget: 1 }, { budgetStore: new InMemoryBudgetStore() }).model.chat(ask())).rejects.toMatchObject({ code: 'configuration' });
    expect((await stacked({ maxBudget: 1, unpricedModels: 'allow' }, { budgetStore: new InMemoryBudgetStore() }).model.chat(ask())).text).toBe('ok');
  });

  it("countTokens: 'vendor' lets the budget's token count ask the vendor; by default it counts locally", async () => {
    const asked: Array<boolean | undefined> = [];
    const spying = () => {
      const local = counter();
      return { ...local, countRequest: (req: ChatRequest, options?: Parameters<typeof local.countRequest>[1]) => (asked.push(options?.allowNetwork), local.countRequest(req, options)) };
    };
    const prices = { 'vendor:m': { input: 1, output: 2 } };
    await stacked({ prices, maxCostPerRequest: 1 }, { tokenCounter: spying }).model.chat(ask());
    await stacked({ prices, maxCostPerRequest: 1, countTokens: 'local' }, { tokenCounter: spying }).model.chat(ask());
    await stacked({ prices, maxCostPerRequest: 1, countTokens: 'vendor' }, { tokenCounter: spying }).model.chat(ask());
    expect(asked).toEqual([false, false, true]);
  });

  it('clients given no store share one budget in the process', async () => {
    const cost = { prices: { 'vendor:m': { input: 1, output: 2 } }, maxBudget: 0.005, budgetName: `shared-${process.pid}-${Math.random()}` };
    await stacked(cost).model.chat(ask());
    // 0.002 spent by the first client: the second has room for one worst case of 0.003, not two.
    const second = stacked(cost);
    await second.model.chat(ask());
    await expect(second.model.chat(ask())).rejects.toMatchObject({ code: 'cost_exceeded' });
  });
});
