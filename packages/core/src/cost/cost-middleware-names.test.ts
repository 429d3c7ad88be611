import type { Usage } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logging/index.js';
import { applyMiddleware, wrapChatModel, type Middleware } from '../middleware/index.js';
import { createChatModel } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { costMiddleware } from './cost-middleware.js';
import { CostTracker } from './cost-tracker.js';
import { staticPriceTable } from './price-table.js';

// The cost middleware and the names a reply comes back under: a reply that names no model, one
// middleware for several models, and the bookkeeping when there is no logger. Complements
// cost-middleware-rules.test.ts.

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const usage: Usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 };

/** A layer below that answers under another model name. */
const answeredAs = (model: string): Middleware => (inner) => wrapChatModel(inner, { chat: async (request, options, next) => ({ ...(await next.chat(request, options)), model }) });

function lines() {
  const seen: Array<[string, unknown]> = [];
  const logger: Logger = { debug() {}, info() {}, error() {}, warn: (m, f) => void seen.push([m, f]), isLevelEnabled: () => true };
  return { logger, seen };
}

describe('costMiddleware: names', () => {
  it('a reply that names no model is priced as the model asked for, not by a pattern that matches the empty name', async () => {
    const prices = staticPriceTable({ 'fake:fake-model': { input: 1, output: 1 }, '*': { input: 50, output: 50 } });
    const model = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ prices }), answeredAs(''));
    expect((await model.chat(ask)).usage.cost?.totalUsd).toBe(2);
  });

  it('one middleware over several models warns once for each model with no price', async () => {
    const { logger, seen } = lines();
    const shared = costMiddleware({ prices: staticPriceTable({ 'fake:priced': { input: 1, output: 1 } }), logger });
    for (const name of ['first-model', 'second-model', 'first-model']) {
      await applyMiddleware(createChatModel(fakeTransport({ usage })), shared, answeredAs(name)).chat(ask);
    }
    expect(seen.map(([, fields]) => fields)).toEqual([
      { provider: 'fake', model: 'first-model' },
      { provider: 'fake', model: 'second-model' },
    ]);
  });

  it('with no logger, an unpriced reply is still recorded (as unpriced)', async () => {
    const tracker = new CostTracker();
    const model = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ prices: staticPriceTable({}), tracker }));
    expect((await model.chat(ask)).usage.cost).toBeUndefined();
    expect(tracker.report().totals).toMatchObject({ requests: 1, unpricedRequests: 1, inputTokens: 1_000_000 });
  });

  it('a tracker that throws is reported with its error', async () => {
    const { logger, seen } = lines();
    const failure = new Error('disk full');
    const tracker = Object.assign(new CostTracker(), {
      record: () => {
        throw failure;
      },
    });
    await applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ tracker, logger })).chat(ask);
    expect(seen).toEqual([['could not price or record a reply', { error: failure }]]);
  });
});
