import { startFakeOpenAIServer, startRedisServer, type FakeServer, type RedisServer } from '@llm/mocks';
import { describeRedis } from '@llm/mocks/conformance';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { eventually, startGatewayProcess, type GatewayProcess } from './gateway-process.js';

const RPM_KEY = 'sk-replica-rpm-0123456789';
const BUDGET_KEY = 'sk-replica-budget-0123456789';
const RPM = 30;
// Each call below costs $0.0006015 (10 input + 1000 output tokens of gpt-4o-mini at $0.15 / $0.60
// per million) and reserves about as much: 20 calls fit in the budget, the 21st does not.
const CALL_COST = (10 * 0.15 + 1000 * 0.6) / 1e6;
const BUDGET = 20.5 * CALL_COST;

describeRedis('two gateway processes sharing one Redis', () => {
  let redis: RedisServer;
  let openai: FakeServer;
  const gateways: GatewayProcess[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    openai = await startFakeOpenAIServer();
    const config = `
stores:
  redis: { url: '\${REDIS_URL}', keyPrefix: 'replica-test:' }
defaults:
  retry: { maxRetries: 0 }
models:
  fast: openai:gpt-4o-mini
keys:
  - { id: rpm, key: '\${RPM_KEY}', limits: { requestsPerMinute: ${RPM} } }
  - { id: budget, key: '\${BUDGET_KEY}', budget: { usd: ${BUDGET}, period: day } }
`;
    const env = { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, REDIS_URL: redis.url, RPM_KEY, BUDGET_KEY };
    gateways.push(...(await Promise.all([startGatewayProcess({ env, config }), startGatewayProcess({ env, config })])));
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await openai?.close();
    await redis?.stop();
  });
  beforeEach(() => openai.reset());

  const clients = (key: string) => gateways.map((g) => new OpenAI({ apiKey: key, baseURL: `${g.url}/v1`, maxRetries: 0 }));

  it('hold one key to its requests per minute together: never over, and not far under', async () => {
    const [a, b] = clients(RPM_KEY);
    const results = await Promise.allSettled(
      Array.from({ length: 3 * RPM }, (_, i) => (i % 2 === 0 ? a! : b!).chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: `call ${i}` }] })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toBeLessThanOrEqual(RPM);
    expect(ok).toBeGreaterThanOrEqual(Math.ceil(0.95 * RPM));
    expect(refused.every((r) => r.status === 'rejected' && r.reason instanceof OpenAI.RateLimitError)).toBe(true);
    expect(openai.requests).toHaveLength(ok);
    // Each replica alone would have let RPM calls through; together they let RPM through in all.
    await eventually(() => gateways.reduce((n, g) => n + g.accessLog().filter((l) => l.key === 'rpm').length, 0) === 3 * RPM);
    for (const g of gateways) expect(g.accessLog().filter((l) => l.key === 'rpm').length).toBeGreaterThan(0);
    expect(gateways.reduce((n, g) => n + g.accessLog().filter((l) => l.key === 'rpm' && l.status === 200).length, 0)).toBe(ok);
  });

  it('hold one key to its budget together under load: never over, within 5% of it', async () => {
    for (let i = 0; i < 80; i++) openai.enqueue({ kind: 'text', text: 'ok', usage: { inputTokens: 10, outputTokens: 1000 } });
    const [a, b] = clients(BUDGET_KEY);
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a! : b!).chat.completions.create({ model: 'fast', max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] })),
    );
    const replies = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const spent = replies.reduce((sum, r) => sum + (r.usage as unknown as { cost: number }).cost, 0);
    expect(spent).toBeLessThanOrEqual(BUDGET);
    expect(spent).toBeGreaterThanOrEqual(0.95 * BUDGET);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    expect(openai.requests).toHaveLength(replies.length);
  });
});
