import { startFakeOpenAIServer, startPostgresServer, type FakeServer, type PostgresServer } from '@llm/mocks';
import { describePostgres } from '@llm/mocks/conformance';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';

const MASTER = 'master-key-postgres-0123456789';

describePostgres('client keys and call records in PostgreSQL', () => {
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
  trial:
    experiment:
      id: mini-vs-4o
      arms:
        - { name: control, model: openai:gpt-4o }
        - { name: mini, model: openai:gpt-4o-mini }
`,
    });
    running.push(gateway);
    return gateway;
  };
  const admin = (gateway: GatewayProcess, path: string, init: RequestInit = {}) =>
    fetch(`${gateway.url}${path}`, { ...init, headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' } });
  const ask = (gateway: GatewayProcess, key: string) =>
    new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] });

  it('keeps keys issued through the admin API and the spend of their calls across a restart, and shares them with another replica', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const first = await start();
    const issued = await admin(first, '/admin/keys', { method: 'POST', body: JSON.stringify({ id: 'team-a', models: ['fast'], metadata: { team: 'a' } }) });
    expect(issued.status).toBe(201);
    const { key } = (await issued.json()) as { key: string };
    openai.enqueue({ kind: 'text', text: 'one', usage: { inputTokens: 1000, outputTokens: 100 } }, { kind: 'text', text: 'two', usage: { inputTokens: 2000, outputTokens: 500 } });
    const replies = [await ask(first, key), await ask(first, key)];
    const spent = replies.reduce((sum, r) => sum + (r.usage as unknown as { cost: number }).cost, 0);
    expect(spent).toBeGreaterThan(0);

    // Restart: the process goes, the key stays.
    expect(await first.stop()).toBe(0);
    running.splice(running.indexOf(first), 1);
    const [second, replica] = await Promise.all([start(), start()]);
    // The calls' records were written to PostgreSQL when the first process stopped: the new ones report them.
    const report = (await (await admin(second, `/admin/analytics?groupBy=tag:key&from=${since}`)).json()) as {
      summary: { groups: Array<{ group: Record<string, string>; count: number; cost: { totalUsd: number } }> };
    };
    const teamA = report.summary.groups.find((g) => g.group['tag:key'] === 'team-a');
    expect(teamA?.count).toBe(2);
    expect(teamA?.cost.totalUsd).toBeCloseTo(spent, 12);
    const csv = await (await admin(replica, `/admin/analytics?groupBy=tag:key&from=${since}&format=csv`)).text();
    expect(csv.split('\r\n')[0]).toMatch(/^tag:key,calls,/);
    expect(csv).toContain('team-a,2,');
    expect((await admin(replica, '/admin/analytics?groupBy=colour')).status).toBe(400);
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

  it('records experiment calls in PostgreSQL: a stream’s headers carry its call id, an outcome goes to any replica, all survive a restart', async () => {
    const [a, b] = running.length >= 2 ? running : await Promise.all([start(), start()]);
    const { key } = (await (await admin(a!, '/admin/keys', { method: 'POST', body: JSON.stringify({ id: 'experimenter' }) })).json()) as { key: string };
    const client = (g: GatewayProcess) => new OpenAI({ apiKey: key, baseURL: `${g.url}/v1`, maxRetries: 0 });
    const parse = (header: string | null) => Object.fromEntries((header ?? '').split('; ').map((p) => p.split('=') as [string, string]));
    // A stream: the call id comes with the headers, before the first chunk is read.
    const { data: stream, response } = await client(a!).chat.completions.create({ model: 'trial', stream: true, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const streamed = parse(response.headers.get('x-llm-experiment'));
    expect(streamed).toMatchObject({ id: 'mini-vs-4o', arm: expect.stringMatching(/^(control|mini)$/), call: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).not.toBe('');
    const json = await client(b!).chat.completions.create({ model: 'trial', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const answered = parse(json.response.headers.get('x-llm-experiment'));

    // The outcome of the call streamed through one replica, reported to the other.
    const outcome = await admin(b!, '/admin/experiments/mini-vs-4o/outcomes', { method: 'POST', body: JSON.stringify({ callId: streamed['call'], outcome: true }) });
    expect(outcome.status).toBe(200);
    expect((await admin(a!, '/admin/experiments/mini-vs-4o/outcomes', { method: 'POST', body: JSON.stringify({ callId: 'no-such-call', outcome: true }) })).status).toBe(400);

    await Promise.all([a!, b!].map(async (g) => {
      expect(await g.stop()).toBe(0);
      running.splice(running.indexOf(g), 1);
    }));
    const restarted = await start();
    const listed = (await (await admin(restarted, '/admin/experiments')).json()) as { data: Array<{ id: string; calls: Record<string, number>; outcomes: Record<string, number> }> };
    const trial = listed.data.find((e) => e.id === 'mini-vs-4o')!;
    const expected = { control: 0, mini: 0 } as Record<string, number>;
    for (const arm of [streamed['arm']!, answered['arm']!]) expected[arm]! += 1;
    expect(trial.calls).toEqual(expected);
    expect(trial.outcomes).toEqual({ control: streamed['arm'] === 'control' ? 1 : 0, mini: streamed['arm'] === 'mini' ? 1 : 0 });
    const analysis = (await (await admin(restarted, '/admin/experiments/mini-vs-4o?primary=latency')).json()) as { arms: unknown[] };
    expect(analysis.arms).toHaveLength(2);
  });
});
