import { execFileSync } from 'node:child_process';
import { startFakeOpenAIServer, startPostgresServer, type FakeServer, type PostgresServer } from '@llm/mocks';
import { describePostgres } from '@llm/mocks/conformance';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { expectBudgetHeldUnderLoad, LOAD_BUDGET } from './budget-load.js';
import { pollUntil, startGatewayProcess, type GatewayProcess } from './gateway-process.js';

const MASTER = 'master-key-pg-budget-0123456789';
const BUDGET_KEY = 'sk-pg-budget-0123456789';
const POOL_KEY = 'sk-pg-pool-0123456789abc';
/** Marks the connections of the pool-size test's gateway in `pg_stat_activity`. */
const POOL_APP = 'llm-gateway-pool-test';

describePostgres('budgets in PostgreSQL: shared by two replicas, kept across a restart', () => {
  let postgres: PostgresServer | undefined;
  let openai: FakeServer;
  const running: GatewayProcess[] = [];

  beforeAll(async () => {
    [postgres, openai] = await Promise.all([startPostgresServer(), startFakeOpenAIServer()]);
  });
  afterAll(async () => {
    await Promise.all(running.map((g) => g.stop()));
    await openai?.close();
    await postgres?.stop();
  });
  beforeEach(() => openai.reset());

  const start = async () => {
    const gateway = await startGatewayProcess({
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, DATABASE_URL: postgres!.url, MASTER, BUDGET_KEY },
      config: `
admin: { masterKey: '\${MASTER}' }
stores:
  postgres: { url: '\${DATABASE_URL}' }
defaults:
  retry: { maxRetries: 0 }
models:
  fast: openai:gpt-4o-mini
keys:
  - { id: budget, key: '\${BUDGET_KEY}', budget: { usd: ${LOAD_BUDGET}, period: month } }
`,
    });
    running.push(gateway);
    return gateway;
  };
  const stop = async (gateway: GatewayProcess) => {
    expect(await gateway.stop()).toBe(0);
    running.splice(running.indexOf(gateway), 1);
  };
  const client = (gateway: GatewayProcess) => new OpenAI({ apiKey: BUDGET_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const ask = (gateway: GatewayProcess) => client(gateway).chat.completions.create({ model: 'fast', max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] });
  const spendOf = async (gateway: GatewayProcess) => {
    const res = await fetch(`${gateway.url}/admin/keys/budget`, { headers: { authorization: `Bearer ${MASTER}` } });
    return ((await res.json()) as { spend: { spentUsd: number; reservedUsd: number; remainingUsd: number; limitUsd: number } }).spend;
  };

  it('holds one key to its budget under load from two replicas (never over, within 5%), and a restarted gateway still refuses it', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const spent = await expectBudgetHeldUnderLoad([a.url, b.url], BUDGET_KEY, openai);
    // Both replicas read the one spend from the database.
    const [seenByA, seenByB] = await Promise.all([spendOf(a), spendOf(b)]);
    expect(seenByA).toEqual(seenByB);
    expect(seenByA.spentUsd).toBeCloseTo(spent, 12);
    expect(seenByA.reservedUsd).toBe(0);

    // Restart both: the spend is still there, and the key is still refused.
    await Promise.all([stop(a), stop(b)]);
    const restarted = await start();
    expect((await spendOf(restarted)).spentUsd).toBeCloseTo(spent, 12);
    const spendReport = (await (await fetch(`${restarted.url}/admin/spend`, { headers: { authorization: `Bearer ${MASTER}` } })).json()) as { keys: Array<{ id: string; spend?: { spentUsd: number } }> };
    expect(spendReport.keys.find((k) => k.id === 'budget')?.spend?.spentUsd).toBeCloseTo(spent, 12);
    openai.reset();
    const refused = await ask(restarted).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).code).toBe('insufficient_quota');
    expect(openai.requests).toHaveLength(0);
  });

  it('opens at most stores.postgres.poolSize connections per process, however many calls are in flight', async () => {
    const gateway = await startGatewayProcess({
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, DATABASE_URL: `${postgres!.url}?application_name=${POOL_APP}`, POOL_KEY },
      config: `
stores:
  postgres: { url: '\${DATABASE_URL}', poolSize: 2 }
defaults:
  retry: { maxRetries: 0 }
models:
  fast: openai:gpt-4o-mini
keys:
  - { id: pool, key: '\${POOL_KEY}', budget: { usd: 1000, period: month } }
`,
    });
    running.push(gateway);
    const pool = new OpenAI({ apiKey: POOL_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    // 40 calls at once: each reserves and settles its budget in PostgreSQL, and records its analytics there.
    const replies = await Promise.all(Array.from({ length: 40 }, () => pool.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] })));
    expect(replies.every((r) => r.choices[0]?.message.content)).toBe(true);
    // The pool keeps what it opened (idle for 10 s): count the gateway's connections in the server.
    // (psql, from the server's own package: the test asks the server, not the gateway's driver.)
    const connections = execFileSync('psql', [postgres!.url, '-Atc', `SELECT count(*) FROM pg_stat_activity WHERE application_name = '${POOL_APP}'`], { encoding: 'utf8' });
    // 40 overlapping calls grow the pool to its bound (the default would let it reach 10), and not past it.
    expect(Number(connections.trim())).toBe(2);
    await stop(gateway);
  });

  it('is not ready while PostgreSQL is down, names it, and asks no vendor', async () => {
    const gateway = running[0] ?? (await start());
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    await postgres!.stop();
    postgres = undefined;
    const [status, body] = await pollUntil(
      async () => {
        const res = await fetch(`${gateway.url}/readyz`);
        return [res.status, (await res.json()) as { status?: string; reason?: string }] as const;
      },
      ([s]) => s === 503,
    );
    expect(status).toBe(503);
    expect(body.status).toBe('not ready');
    expect(body.reason).toMatch(/^PostgreSQL is unreachable \(PostgreSQL: the readiness check failed: /);
    expect(openai.requests).toHaveLength(0);
  });
});
