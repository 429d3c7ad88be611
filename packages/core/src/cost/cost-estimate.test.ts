import { describe, expect, it } from 'vitest';
import { createLocalTokenCounter } from '../tokens/index.js';
import { estimateCost } from './cost-estimate.js';
import { staticPriceTable } from './price-table.js';

// A call priced before it is sent: the prompt at the input price, and the worst case with the
// output bound the request, the caller or the default sets.

// $1 per million input tokens, $2 per million output; the counter sees 1000 tokens in any request.
const prices = staticPriceTable({ 'vendor:m': { input: 1, output: 2 } });
const counter = createLocalTokenCounter({ name: 'fixed', exact: true, countText: () => 0, framing: { perRequest: 1000, perMessage: 0 } });
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('estimateCost', () => {
  it('prices the prompt and the worst case with the request\'s maxTokens', async () => {
    expect(await estimateCost({ ...ask, maxTokens: 500 }, { provider: 'vendor', model: 'm', counter, prices })).toMatchObject({
      provider: 'vendor',
      model: 'm',
      inputTokens: 1000,
      inputTokensSource: 'tokenizer',
      maxOutputTokens: 500,
      inputUsd: 0.001,
      worstCaseUsd: 0.002,
      price: { inputPerMTok: 1, outputPerMTok: 2 },
    });
  });

  it('bounds the output by the default given, else 4096', async () => {
    expect((await estimateCost(ask, { provider: 'vendor', model: 'm', counter, prices, defaultMaxOutputTokens: 1000 })).worstCaseUsd).toBeCloseTo(0.003, 12);
    const fallback = await estimateCost(ask, { provider: 'vendor', model: 'm', counter, prices });
    expect(fallback.maxOutputTokens).toBe(4096);
  });

  it('leaves the dollars out when the model has no price, or there is no price table', async () => {
    for (const table of [prices, undefined]) {
      const e = await estimateCost(ask, { provider: 'vendor', model: 'unknown', counter, prices: table });
      expect(e).toMatchObject({ inputTokens: 1000, inputUsd: undefined, worstCaseUsd: undefined, price: undefined });
    }
  });
});
