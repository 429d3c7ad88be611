import { startFakeOpenAIServer, startPostgresServer, type FakeServer, type PostgresServer } from '@llm/mocks';
import { describePostgres } from '@llm/mocks/conformance';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';

const MASTER = 'master-key-postgres-0123456789';

describePostgres('client keys in PostgreSQL', () => {
  let postgres: PostgresServer;
  let openai: FakeServer;
  let url: string;
  const running: GatewayProcess[] = [];

  beforeAll(async () => {
    // A server of this suite's own: its default database is the gateway's.
    [postgres, openai] = await Promise.all([startPostgresServer(), startFakeOpenAIServer()]);
    url = postgres.url;
  });
  afterAll(async () => {
    await Promise.all(running.map((g) => g.stop()));
    await openai?.close();
    await postgres?.stop();
  });

  const start = async () => {
    const gateway = await startGatewayProcess({
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, DATABASE_URL: url, MASTER },
      config: `
admin: { masterKey: '\${MASTER}' }
stores:
  postgres: { url: '\${DATABASE_URL}' }
defaults:
  retry: { maxRetries: 0 }
models:
  fast: openai:gpt-4o-mini
`,
    });
    running.push(gateway);
    return gateway;
  };
  const admin = (gateway: GatewayProcess, path: string, init: RequestInit = {}) =>
    fetch(`${gateway.url}${path}`, { ...init, headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' } });
  const ask = (gateway: GatewayProcess, key: string) =>
    new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] });

  it('keeps keys issued through the admin API across a restart, and shares them with another replica', async () => {
    const first = await start();
    const issued = await admin(first, '/admin/keys', { method: 'POST', body: JSON.stringify({ id: 'team-a', models: ['fast'], metadata: { team: 'a' } }) });
    expect(issued.status).toBe(201);
    const { key } = (await issued.json()) as { key: string };
    expect((await ask(first, key)).choices[0]!.message.content).toBeTruthy();

    // Restart: the process goes, the key stays.
    expect(await first.stop()).toBe(0);
    running.splice(running.indexOf(first), 1);
    const [second, replica] = await Promise.all([start(), start()]);
    expect((await ask(second, key)).choices[0]!.message.content).toBeTruthy();
    expect((await ask(replica, key)).choices[0]!.message.content).toBeTruthy();
    const listed = (await (await admin(second, '/admin/keys')).json()) as { data: Array<{ id: string; source: string; metadata?: unknown; hash?: unknown }> };
    expect(listed.data).toEqual([expect.objectContaining({ id: 'team-a', source: 'api', metadata: { team: 'a' } })]);
    expect(listed.data[0]!.hash).toBeUndefined();

    // Revoked through one replica: refused there at once, and by the other within its few-second cache.
    expect((await admin(replica, '/admin/keys/team-a', { method: 'DELETE' })).status).toBe(200);
    await expect(ask(replica, key)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const until = Date.now() + 30_000;
    let refused = false;
    while (!refused && Date.now() < until) {
      refused = await ask(second, key).then(
        () => false,
        (e: unknown) => e instanceof OpenAI.AuthenticationError,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 250));
    }
    expect(refused).toBe(true);
  });
});
