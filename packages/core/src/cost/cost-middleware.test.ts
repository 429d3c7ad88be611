import { describe, expect, it, vi } from 'vitest';
import type { Usage } from '@llm/schema';
import { createChatModel } from '../model/index.js';
import { costMiddleware } from './cost-middleware.js';
import { CostTracker } from './cost-tracker.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import type { Logger } from '../logging/index.js';
import { applyMiddleware } from '../middleware/index.js';
import { staticPriceTable } from './price-table.js';
import { costReportToCsv, costReportToJson, COST_CSV_COLUMNS } from './usage-report.js';

const prices = staticPriceTable({ 'fake:fake-model': { input: 1, output: 2, cachedInput: 0.5 } });
const usage: Usage = { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 500_000, totalTokens: 1_500_000 };

function memoryLogger(): Logger & { warnings: unknown[][] } {
  const warnings: unknown[][] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (m, f) => void warnings.push([m, f]), isLevelEnabled: () => true };
}

describe('costMiddleware', () => {
  it('puts the computed cost with its breakdown on a reply, and the tracker records it under its tags', async () => {
    const tracker = new CostTracker({ now: () => Date.UTC(2025, 5, 1, 12) });
    const model = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ prices, tracker, now: () => Date.UTC(2025, 5, 1, 12) }));
    const response = await model.chat({ messages: [{ role: 'user', content: 'hi' }], tags: { user: 'alice', feature: 'search' } });
    expect(response.usage.cost).toEqual({ totalUsd: 0.6 + 0.2 + 1, inputUsd: 0.6, cachedInputUsd: 0.2, outputUsd: 1, source: 'computed' });
    const report = tracker.report();
    expect(report.totals).toMatchObject({ requests: 1, costUsd: 1.8, inputTokens: 1_000_000, cachedInputUsd: 0.2 });
    expect(Object.keys(report.byTag).sort()).toEqual(['feature=search', 'user=alice']);
    expect(report.byModel['fake:fake-model-001']?.costUsd).toBe(1.8);
    expect(report.byPeriod['2025-06-01']?.requests).toBe(1);
    expect(report.byProvider.fake?.requests).toBe(1);
  });

  it('keeps a cost the vendor reported (OpenRouter) over the computed one', async () => {
    const reported: Usage = { ...usage, cost: { totalUsd: 0.123, source: 'provider' } };
    const model = applyMiddleware(createChatModel(fakeTransport({ usage: reported })), costMiddleware({ prices }));
    expect((await model.chat({ messages: [{ role: 'user', content: 'hi' }] })).usage.cost).toEqual({ totalUsd: 0.123, source: 'provider' });
  });

  it('leaves the cost of an unpriced model undefined (never 0) and warns once', async () => {
    const logger = memoryLogger();
    const tracker = new CostTracker();
    const model = applyMiddleware(createChatModel(fakeTransport({ usage }, 'other')), costMiddleware({ prices, logger, tracker }));
    for (let i = 0; i < 3; i++) expect((await model.chat({ messages: [{ role: 'user', content: 'hi' }] })).usage.cost).toBeUndefined();
    expect(logger.warnings).toHaveLength(1);
    expect(tracker.report().totals).toMatchObject({ requests: 3, unpricedRequests: 3, costUsd: 0 });
  });

  it('puts the cost on a finished stream and on its usage event', async () => {
    const model = applyMiddleware(createChatModel(fakeTransport({ usage, chunks: ['a', 'b'] })), costMiddleware({ prices }));
    const stream = model.streamChat({ messages: [{ role: 'user', content: 'hi' }] });
    const seen = vi.fn();
    for await (const event of stream) if (event.type === 'usage') seen(event.usage.cost?.totalUsd);
    expect(seen).toHaveBeenCalledWith(1.8);
    expect((await stream.response).usage.cost?.totalUsd).toBe(1.8);
  });
});

describe('cost report export', () => {
  it('writes one CSV row per period, model and tag set, quoted and formula-safe', () => {
    const tracker = new CostTracker({ period: 'month', now: () => Date.UTC(2025, 0, 15) });
    tracker.record({ provider: 'openai', model: 'gpt-4o', usage: { ...usage, cost: { totalUsd: 1.5, source: 'computed' } }, tags: { '=cmd': 'a,"b"' } });
    tracker.record({ provider: 'openai', model: 'gpt-4o', usage, cached: true, time: Date.UTC(2025, 1, 2) });
    const csv = costReportToCsv(tracker.report());
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(COST_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`2025-01,openai,gpt-4o,"'=cmd=a,""b""",1,0,0,1000000`);
    expect(lines[2]!.startsWith('2025-02,openai,gpt-4o,,1,1,0,0')).toBe(true);
    const json = JSON.parse(costReportToJson(tracker.report({ since: new Date(Date.UTC(2025, 1, 1)) }))) as { totals: { requests: number } };
    expect(json.totals.requests).toBe(1);
  });
});
