// A worker process for the multi-process budget test: 16 concurrent callers share one Redis budget
// with three sibling processes (64 callers in all). Run like rate-limit-worker.ts.
// Messages to the parent: {type:'ready'}, {type:'done', calls, refused, otherErrors}.
import { LLMError } from '@llm/errors';
import { applyMiddleware, budgetMiddleware, chatModelFrom, costMiddleware, createLocalTokenCounter, staticPriceTable } from '@llm/core';
import type { ChatRequest, ChatResponse } from '@llm/schema';
import { createRedisStores } from '../src/index.js';

const url = process.env.REDIS_URL!;
const limit = Number(process.env.BUDGET_USD ?? '0.05');
const callers = Number(process.env.CALLERS ?? '16');
const rounds = Number(process.env.ROUNDS ?? '4');
const send = (message: Record<string, unknown>) => process.send?.(message);

const stores = createRedisStores({ url, keyPrefix: process.env.KEY_PREFIX ?? 'test:' });
// $1 per million input tokens, $2 per million output tokens; every call counts 1000 input tokens
// and may write up to 1000: a worst case of $0.003, a real cost of $0.001 to $0.003.
const prices = staticPriceTable({ 'vendor:m': { input: 1, output: 2 } });
const counter = createLocalTokenCounter({ name: 'fixed', exact: true, countText: () => 0, framing: { perRequest: 1000, perMessage: 0 } });
const vendor = chatModelFrom({
  provider: 'vendor',
  modelId: 'm',
  chat: async <T>(request: ChatRequest<T>): Promise<ChatResponse<T>> => {
    await new Promise((r) => setTimeout(r, 2 + Math.random() * 10));
    const outputTokens = Math.floor(Math.random() * ((request.maxTokens ?? 0) + 1));
    return { id: 'x', provider: 'vendor', model: 'm', created: 0, text: 'ok', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1000, outputTokens, totalTokens: 1000 + outputTokens }, object: undefined as T };
  },
  streamChat: () => {
    throw new Error('not used');
  },
});
const model = applyMiddleware(vendor, budgetMiddleware({ prices, tokenCounter: counter, maxBudget: limit, period: 'total', store: stores.budget, name: process.env.BUDGET_NAME ?? 'shared' }), costMiddleware({ prices }));

async function main(): Promise<void> {
  send({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  let calls = 0;
  let refused = 0;
  let otherErrors = 0;
  for (let round = 0; round < rounds; round++) {
    const results = await Promise.allSettled(Array.from({ length: callers }, () => model.chat({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 1000 })));
    for (const r of results) {
      if (r.status === 'fulfilled') calls++;
      else if (LLMError.is(r.reason) && r.reason.code === 'cost_exceeded') refused++;
      else otherErrors++;
    }
  }
  send({ type: 'done', calls, refused, otherErrors });
  await stores.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  send({ type: 'error', message: String(err) });
  process.exit(1);
});
