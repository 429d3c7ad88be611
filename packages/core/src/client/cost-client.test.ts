import { describe, expect, it } from 'vitest';
import { InMemoryBudgetStore, type BudgetAlert } from '../budget/index.js';
import { withBudgetAlerts, withBudgetStore, withPriceTable } from './budget-options.js';
import { createChatModel, runHealthCheck, type Provider } from '../model/index.js';
import { createClient } from './client.js';
import { resolveSetup } from './client-options.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { staticPriceTable, costReportToCsv } from '../cost/index.js';

const provider: Provider = {
  name: 'fake',
  chatModel: (modelId) => createChatModel({ ...fakeTransport({ usage: { inputTokens: 100_000, outputTokens: 50_000, totalTokens: 150_000 } }), modelId }),
  listModels: async () => [],
  checkHealth: () => runHealthCheck('fake', async () => undefined),
};

describe('a client with cost config', () => {
  it('prices replies from the given table with the config overrides on top, and reports cost by tag', async () => {
    const setup = resolveSetup(
      { provider: 'fake', model: 'fake-model', logging: { level: 'silent' }, cost: { prices: { 'fake:fake-model-001': { input: 2, output: 4 } } } },
      [withPriceTable(staticPriceTable({ 'fake:fake-model-001': { input: 1, output: 1 } }))],
    );
    const client = createClient(provider, setup);
    const response = await client.chat({ messages: [{ role: 'user', content: 'hi' }], tags: { team: 'search' } });
    expect(response.usage.cost?.totalUsd).toBeCloseTo(0.2 + 0.2, 12);
    expect(client.getUsage().totals).toMatchObject({ requests: 1, costUsd: 0.4, unpricedRequests: 0 });
    expect(client.getCostReport().byTag['team=search']?.costUsd).toBe(0.4);
    await client.withModel('fake-model').chat({ messages: [{ role: 'user', content: 'again' }] });
    expect(client.getCostReport().totals.requests).toBe(2);
    expect(costReportToCsv(client.getCostReport()).split('\r\n')).toHaveLength(4);
  });

  it('estimates a call before sending it, and enforces maxBudget from config with a shared store and alerts', async () => {
    const store = new InMemoryBudgetStore();
    const alerts: BudgetAlert[] = [];
    const setup = resolveSetup(
      {
        provider: 'fake',
        model: 'fake-model',
        logging: { level: 'silent' },
        cost: { maxBudget: 0.5, budgetPeriod: 'day', alertThresholds: '0.5,1' as unknown as number[], prices: { 'fake-model*': { input: 2, output: 4 } } },
      },
      [withBudgetStore(store), withBudgetAlerts((a) => alerts.push(a))],
    );
    const client = createClient(provider, setup);
    const estimate = await client.estimateCost({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 10_000 });
    expect(estimate).toMatchObject({ inputTokensSource: 'estimate', maxOutputTokens: 10_000 });
    expect(estimate.worstCaseUsd).toBeCloseTo((estimate.inputTokens * 2 + 10_000 * 4) / 1e6, 12);
    await client.chat({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 60_000 });
    expect(alerts.map((a) => a.threshold)).toEqual([0.5]);
    await expect(client.chat({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 60_000 })).rejects.toMatchObject({ code: 'cost_exceeded' });
  });
});
