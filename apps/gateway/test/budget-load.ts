import type { FakeServer } from '@llm/mocks';
import OpenAI from 'openai';
import { expect } from 'vitest';

// Each call of the load costs $0.0006015 (10 input + 1000 output tokens of gpt-4o-mini at $0.15 /
// $0.60 per million) and reserves about as much: 20 calls fit in the budget, the 21st does not.
export const CALL_COST = (10 * 0.15 + 1000 * 0.6) / 1e6;
export const LOAD_BUDGET = 20.5 * CALL_COST;

/**
 * 60 calls at once with `key` (a key whose budget is `LOAD_BUDGET`, model `fast` = gpt-4o-mini),
 * spread over the gateways: checks the budget held (never over, within 5%), every refusal was a 429
 * and the vendor saw only the calls that answered. Returns what was spent.
 */
export async function expectBudgetHeldUnderLoad(gatewayUrls: readonly string[], key: string, openai: FakeServer): Promise<number> {
  for (let i = 0; i < 80; i++) openai.enqueue({ kind: 'text', text: 'ok', usage: { inputTokens: 10, outputTokens: 1000 } });
  const clients = gatewayUrls.map((url) => new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 }));
  const results = await Promise.allSettled(
    Array.from({ length: 60 }, (_, i) => clients[i % clients.length]!.chat.completions.create({ model: 'fast', max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] })),
  );
  const replies = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const spent = replies.reduce((sum, r) => sum + (r.usage as unknown as { cost: number }).cost, 0);
  expect(spent).toBeLessThanOrEqual(LOAD_BUDGET);
  expect(spent).toBeGreaterThanOrEqual(0.95 * LOAD_BUDGET);
  for (const r of results) if (r.status === 'rejected') expect((r.reason as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
  expect(openai.requests).toHaveLength(replies.length);
  return spent;
}
