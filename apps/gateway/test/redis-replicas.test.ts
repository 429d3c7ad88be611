import { startFakeOpenAIServer, startRedisServer, type FakeServer, type RedisServer } from '@llm/mocks';
import { describeRedis } from '@llm/mocks/conformance';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { expectBudgetHeldUnderLoad, LOAD_BUDGET } from './budget-load.js';
import { eventually, pollUntil, startGatewayProcess, type GatewayProcess } from './gateway-process.js';

const RPM_KEY = 'sk-replica-rpm-0123456789';
const BUDGET_KEY = 'sk-replica-budget-0123456789';
const RPM = 30;

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
  - { id: budget, key: '\${BUDGET_KEY}', budget: { usd: ${LOAD_BUDGET}, period: day } }
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
    await expectBudgetHeldUnderLoad(
      gateways.map((g) => g.url),
      BUDGET_KEY,
      openai,
    );
  });

  it('is not ready while Redis is down, and names it', async () => {
    expect((await fetch(`${gateways[0]!.url}/readyz`)).status).toBe(200);
    await redis.stop();
    const [status, body] = await pollUntil(
      async () => {
        const res = await fetch(`${gateways[0]!.url}/readyz`);
        return [res.status, (await res.json()) as { status?: string; reason?: string }] as const;
      },
      ([s]) => s === 503,
    );
    expect(status).toBe(503);
    expect(body).toEqual({ status: 'not ready', reason: expect.stringMatching(/^Redis is (connecting|reconnecting|close|end)$/) });
    expect(openai.requests).toHaveLength(0);
  });
});
