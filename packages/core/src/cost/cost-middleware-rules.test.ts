import type { Usage } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logging/index.js';
import { applyMiddleware, wrapChatModel, type Middleware } from '../middleware/index.js';
import { createChatModel, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { costMiddleware } from './cost-middleware.js';
import { CostTracker, type CostRecordInput } from './cost-tracker.js';
import { staticPriceTable } from './price-table.js';

// The cost middleware's rules one by one: which name a reply is priced under, cached replies,
// the unpriced-model warning's words, a tracker that throws, and a stream that fails after the
// vendor reported usage. Complements cost-middleware.test.ts.

const ask = { messages: [{ role: 'user' as const, content: 'hi' }], tags: { user: 'alice' } };
const usage: Usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 };
const JUNE = Date.UTC(2025, 5, 1, 12);

function lines() {
  const seen: Array<[string, unknown]> = [];
  const logger: Logger = { debug() {}, info() {}, error() {}, warn: (m, f) => void seen.push([m, f]), isLevelEnabled: () => true };
  return { logger, seen };
}

function recordingTracker() {
  const records: CostRecordInput[] = [];
  const tracker = Object.assign(new CostTracker(), { record: (input: CostRecordInput) => void records.push(input) });
  return { tracker, records };
}

describe('costMiddleware: the price a reply gets', () => {
  it('is the price of the model the vendor answered with, else of the model asked for', async () => {
    // The fake transport is asked for fake-model and answers as fake-model-001.
    const both = staticPriceTable({ 'fake:fake-model': { input: 1, output: 1 }, 'fake:fake-model-001': { input: 2, output: 2 } });
    const answered = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ prices: both }));
    expect((await answered.chat(ask)).usage.cost?.totalUsd).toBe(4);
    const askedOnly = staticPriceTable({ 'fake:fake-model': { input: 1, output: 1 } });
    const fallback = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ prices: askedOnly }));
    expect((await fallback.chat(ask)).usage.cost?.totalUsd).toBe(2);
  });

  it('a reply from a cache below is not priced here, and is recorded as cached under the model that answered', async () => {
    const { tracker, records } = recordingTracker();
    const prices = staticPriceTable({ 'fake:fake-model': { input: 1, output: 1 } });
    // A layer below the cost middleware answers from its cache (a reply that was priced when it was first bought).
    const fromCache: Middleware = (inner) =>
      wrapChatModel(inner, { chat: async (request, options, next) => ({ ...(await next.chat(request, options)), cached: true }) });
    const model = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ prices, tracker, now: () => JUNE }), fromCache);
    const reply = await model.chat(ask);
    expect(reply.usage.cost).toBeUndefined();
    expect(records).toEqual([{ provider: 'fake', model: 'fake-model-001', usage, tags: { user: 'alice' }, cached: true, time: JUNE }]);
  });

  it('warns once per model with no price, in words that say what to do, and not at all without a price table', async () => {
    const { logger, seen } = lines();
    const prices = staticPriceTable({ 'fake:other': { input: 1, output: 1 } });
    const model = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ prices, logger }));
    await model.chat(ask);
    await model.chat(ask);
    expect(seen).toEqual([['no price is known for this model: its calls carry no cost (add one under cost.prices)', { provider: 'fake', model: 'fake-model-001' }]]);
    const bare = lines();
    const noTable = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ logger: bare.logger }));
    expect((await noTable.chat(ask)).usage.cost).toBeUndefined();
    expect(bare.seen).toEqual([]);
  });

  it('a tracker that throws loses the record, not the reply, and says so', async () => {
    const { logger, seen } = lines();
    const tracker = Object.assign(new CostTracker(), {
      record: () => {
        throw new Error('disk full');
      },
    });
    const model = applyMiddleware(createChatModel(fakeTransport({ usage })), costMiddleware({ tracker, logger }));
    expect((await model.chat(ask)).text).toBe('hello world');
    expect(seen.map(([message]) => message)).toEqual(['could not price or record a reply']);
  });
});

describe('costMiddleware: a stream that fails after the vendor reported usage', () => {
  const failing: ChatTransport = {
    provider: 'fake',
    modelId: 'fake-model',
    doChat: () => Promise.reject(new Error('unused')),
    async *doStream(): AsyncGenerator<TransportStreamPart> {
      yield { type: 'metadata', id: 'r1', model: 'fake-model' };
      yield { type: 'text-delta', text: 'half' };
      yield { type: 'usage', usage };
      throw new Error('connection reset');
    },
  };

  it('records the usage reported (priced) under the call\'s tags; a stream that reported none records nothing', async () => {
    const { tracker, records } = recordingTracker();
    const prices = staticPriceTable({ 'fake:fake-model': { input: 1, output: 1 } });
    const model = applyMiddleware(createChatModel(failing), costMiddleware({ prices, tracker, now: () => JUNE }));
    await expect(model.streamChat(ask).response).rejects.toBeDefined();
    expect(records).toEqual([{ provider: 'fake', model: 'fake-model', usage: { ...usage, cost: expect.objectContaining({ totalUsd: 2 }) }, tags: { user: 'alice' }, time: JUNE }]);

    const silent: ChatTransport = {
      ...failing,
      async *doStream(): AsyncGenerator<TransportStreamPart> {
        yield { type: 'metadata', id: 'r1', model: 'fake-model' };
        throw new Error('connection reset');
      },
    };
    const none = recordingTracker();
    const other = applyMiddleware(createChatModel(silent), costMiddleware({ prices, tracker: none.tracker }));
    await expect(other.streamChat(ask).response).rejects.toBeDefined();
    expect(none.records).toEqual([]);
  });

  it('a usage event of an unpriced model warns nobody until the stream finishes', async () => {
    const { logger, seen } = lines();
    const model = applyMiddleware(createChatModel(failing), costMiddleware({ prices: staticPriceTable({}), logger }));
    await expect(model.streamChat(ask).response).rejects.toBeDefined();
    expect(seen).toEqual([]);
  });
});
