import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { eventually, pollUntil } from './gateway-process.js';
import { useGatewayWithFakeVendors } from './gateway-with-fake-vendors.js';

const MASTER = 'master-key-0123456789abcdef';
const KEYS = {
  alpha: 'sk-alpha-0123456789abcdef',
  limited: 'sk-limited-0123456789abcdef',
  single: 'sk-single-0123456789abcdef',
  broke: 'sk-broke-0123456789abcdef',
  streamer: 'sk-streamer-0123456789abcdef',
  expired: 'sk-expired-0123456789abcdef',
};

describe('client keys, their limits and budgets', () => {
  const setup = useGatewayWithFakeVendors({
    env: {
      MASTER,
      ...Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [`KEY_${k.toUpperCase()}`, v])),
    },
    config: `
admin: { masterKey: '\${MASTER}' }
defaults:
  retry: { maxRetries: 0 }
models:
  fast: openai:gpt-4o-mini
  claude: anthropic:claude-haiku-4-5
keys:
  - { id: alpha, key: '\${KEY_ALPHA}', models: [fast, 'openai:*'], metadata: { team: blue } }
  - { id: limited, key: '\${KEY_LIMITED}', limits: { requestsPerMinute: 2 } }
  - { id: single, key: '\${KEY_SINGLE}', limits: { maxConcurrent: 1 } }
  - { id: broke, key: '\${KEY_BROKE}', budget: { usd: 0.001, period: day } }
  - { id: streamer, key: '\${KEY_STREAMER}', budget: { usd: 1, period: month } }
  - { id: expired, key: '\${KEY_EXPIRED}', expiresAt: '2020-01-01T00:00:00Z' }
`,
  });
  const oa = (key: string, maxRetries = 0) => setup.openaiClient(key, maxRetries);
  const an = (key: string, maxRetries = 0) => setup.anthropicClient(key, maxRetries);
  const admin = (path: string, init: RequestInit = {}, key = MASTER) =>
    fetch(`${setup.gateway.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  const hi = [{ role: 'user' as const, content: 'hi' }];

  it('refuses an unknown or expired key with 401, in both formats', async () => {
    await expect(oa('sk-nobody-0123456789').chat.completions.create({ model: 'fast', messages: hi })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(an('sk-nobody-0123456789').messages.create({ model: 'claude', max_tokens: 8, messages: hi })).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    const expired = await oa(KEYS.expired).chat.completions.create({ model: 'fast', messages: hi }).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((expired as Error).message).toContain('expired');
    expect(setup.openai.requests).toHaveLength(0);
    const noKey = await fetch(`${setup.gateway.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
  });

  it('refuses a model the key may not use with 403, and lists only the allowed ones', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'ok' });
    expect((await oa(KEYS.alpha).chat.completions.create({ model: 'fast', messages: hi })).choices[0]!.message.content).toBe('ok');
    await expect(oa(KEYS.alpha).chat.completions.create({ model: 'claude', messages: hi })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    await expect(an(KEYS.alpha).messages.create({ model: 'claude', max_tokens: 8, messages: hi })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    const ids: string[] = [];
    for await (const m of oa(KEYS.alpha).models.list()) ids.push(m.id);
    expect(ids).toContain('fast');
    expect(ids).toContain('openai:gpt-4o-mini');
    expect(ids).not.toContain('claude');
    expect(ids.some((id) => id.startsWith('anthropic:'))).toBe(false);
  });

  it('holds a key to its requests per minute: 429 with retry-after-ms and x-ratelimit headers', async () => {
    const client = oa(KEYS.limited);
    await client.chat.completions.create({ model: 'fast', messages: hi });
    await client.chat.completions.create({ model: 'fast', messages: hi });
    const err = (await client.chat.completions.create({ model: 'fast', messages: hi }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number(err.headers?.get('retry-after-ms'))).toBeGreaterThan(50_000);
    expect(err.headers?.get('x-ratelimit-limit-requests')).toBe('2');
    expect(err.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(err.headers?.get('x-ratelimit-reset-requests')).toMatch(/^\d+ms$/);
    expect(setup.openai.requests).toHaveLength(2);
    const anthropicErr = await an(KEYS.limited).messages.create({ model: 'claude', max_tokens: 8, messages: hi }).catch((e: unknown) => e);
    expect(anthropicErr).toBeInstanceOf(Anthropic.RateLimitError);
  });

  it('holds a key to its calls in flight, and a client that goes away frees its slot at once', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'a b c d', fault: { kind: 'stall', afterChunks: 2 } });
    const controller = new AbortController();
    const stream = await oa(KEYS.single).chat.completions.create({ model: 'fast', messages: hi, stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const busy = await oa(KEYS.single).chat.completions.create({ model: 'fast', messages: hi }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(OpenAI.RateLimitError);
    expect((busy as Error).message).toContain('1 calls at once');
    controller.abort();
    await eventually(() => setup.openai.abortedRequests === 1);
    await eventually(() => setup.gateway.accessLog().some((l) => l.key === 'single' && l.error === 'canceled'));
    setup.openai.enqueue({ kind: 'text', text: 'free again' });
    expect((await oa(KEYS.single).chat.completions.create({ model: 'fast', messages: hi })).choices[0]!.message.content).toBe('free again');
  });

  it('refuses a call its budget cannot cover, so that neither SDK retries it', async () => {
    // gpt-4o-mini: $0.15 / $0.60 per million tokens; 1000 + 1000 tokens cost $0.00075 of the $0.001.
    setup.openai.enqueue({ kind: 'text', text: 'costly', usage: { inputTokens: 1000, outputTokens: 1000 } });
    await oa(KEYS.broke).chat.completions.create({ model: 'fast', messages: hi, max_tokens: 1000 });
    const err = (await oa(KEYS.broke, 3).chat.completions.create({ model: 'fast', messages: hi, max_tokens: 1000 }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(429);
    expect((err.error as { type: string; code: string }).code).toBe('insufficient_quota');
    expect(err.headers?.get('x-should-retry')).toBe('false');
    expect(err.message).toContain('key=broke');
    const anthropicErr = (await an(KEYS.broke, 3).messages.create({ model: 'fast', max_tokens: 1000, messages: hi }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(anthropicErr.status).toBe(402);
    expect((anthropicErr.error as { error: { type: string } }).error.type).toBe('billing_error');
    // One call reached the vendor; the refused ones (and no SDK retry of them) did not.
    expect(setup.openai.requests).toHaveLength(1);
    // The access log line is written as the response ends, so it may trail the client's view of it.
    await eventually(() => setup.gateway.accessLog().filter((l) => l.key === 'broke' && l.error === 'cost_exceeded').length >= 2);
    expect(setup.gateway.accessLog().filter((l) => l.key === 'broke' && l.error === 'cost_exceeded')).toHaveLength(2);
    const shown = (await (await admin('/admin/keys/broke')).json()) as { spend: { spentUsd: number; limitUsd: number; remainingUsd: number } };
    expect(shown.spend.spentUsd).toBeCloseTo(0.00075, 10);
    expect(shown.spend.remainingUsd).toBeCloseTo(0.00025, 10);
  });

  it('settles the budget reservation of a stream whose client went away', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'a b c d', fault: { kind: 'stall', afterChunks: 2 } });
    const controller = new AbortController();
    const stream = await oa(KEYS.streamer).chat.completions.create({ model: 'fast', messages: hi, stream: true, max_tokens: 100_000 }, { signal: controller.signal });
    await stream[Symbol.asyncIterator]().next();
    const during = (await (await admin('/admin/keys/streamer')).json()) as { spend: { reservedUsd: number } };
    expect(during.spend.reservedUsd).toBeGreaterThan(0.05);
    controller.abort();
    await eventually(() => setup.openai.abortedRequests === 1);
    const after = await pollUntil(
      async () => (await (await admin('/admin/keys/streamer')).json()) as { spend: { reservedUsd: number; spentUsd: number } },
      (k) => k.spend.reservedUsd === 0,
    );
    expect(after.spend.reservedUsd).toBe(0);
    // The prompt may have been processed: its cost is charged, the unused worst case is not.
    expect(after.spend.spentUsd).toBeGreaterThan(0);
    expect(after.spend.spentUsd).toBeLessThan(0.001);
  });

  it('issues, lists and revokes keys through the admin API behind the master key', async () => {
    expect((await admin('/admin/keys', {}, 'wrong-master-key-000000')).status).toBe(403);
    expect((await fetch(`${setup.gateway.url}/admin/keys`)).status).toBe(401);
    const created = await admin('/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'ci', models: ['fast'], limits: { requestsPerMinute: 100 } }) });
    expect(created.status).toBe(201);
    const { key, record } = (await created.json()) as { key: string; record: { id: string; hash?: string; hint: string } };
    expect(key).toMatch(/^llm_/);
    expect(record.hash).toBeUndefined();
    setup.openai.enqueue({ kind: 'text', text: 'issued works' });
    expect((await oa(key).chat.completions.create({ model: 'fast', messages: hi })).choices[0]!.message.content).toBe('issued works');
    const list = (await (await admin('/admin/keys')).json()) as { data: Array<{ id: string; source: string; hash?: string }> };
    expect(list.data.map((k) => k.id)).toContain(record.id);
    expect(list.data.find((k) => k.id === 'alpha')?.source).toBe('config');
    expect(JSON.stringify(list)).not.toContain(key);
    expect(JSON.stringify(list)).not.toContain('sha256:');
    expect((await admin(`/admin/keys/${record.id}`, { method: 'DELETE' })).status).toBe(200);
    const revoked = await oa(key).chat.completions.create({ model: 'fast', messages: hi }).catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((revoked as Error).message).toContain('revoked');
    const configKey = await admin('/admin/keys/alpha', { method: 'DELETE' });
    expect(configKey.status).toBe(400);
    expect(((await configKey.json()) as { error: { message: string } }).error.message).toContain('config file');
    const bad = await admin('/admin/keys', { method: 'POST', body: JSON.stringify({ budget: { usd: -1 }, limits: { requestsPerMinute: 0 } }) });
    expect(bad.status).toBe(400);
    const message = ((await bad.json()) as { error: { message: string } }).error.message;
    expect(message).toContain('budget.usd');
    expect(message).toContain('limits.requestsPerMinute');
  });

  it('reports spend per key and model', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'ok', usage: { inputTokens: 2000, outputTokens: 1000 } });
    await oa(KEYS.alpha).chat.completions.create({ model: 'fast', messages: hi });
    const report = (await (await admin('/admin/spend')).json()) as { byKey: Record<string, { requests: number; costUsd: number }>; byModel: Record<string, { costUsd: number }> };
    expect(report.byKey.alpha!.requests).toBeGreaterThanOrEqual(2);
    expect(report.byKey.alpha!.costUsd).toBeGreaterThan(0.0009);
    expect(Object.keys(report.byModel).some((m) => m.startsWith('openai:gpt-4o-mini'))).toBe(true);

    // The analytics report (this process's memory here) agrees, per key and as Markdown.
    const analytics = (await (await admin('/admin/analytics?groupBy=tag:key')).json()) as { summary: { groups: Array<{ group: Record<string, string>; count: number; cost: { totalUsd: number } }> } };
    const alpha = analytics.summary.groups.find((g) => g.group['tag:key'] === 'alpha')!;
    expect(alpha.count).toBe(report.byKey.alpha!.requests);
    expect(alpha.cost.totalUsd).toBeCloseTo(report.byKey.alpha!.costUsd, 12);
    const markdown = await admin('/admin/analytics?format=markdown');
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    expect(await markdown.text()).toMatch(/^# LLM calls /);
    expect((await admin('/admin/analytics?format=pdf')).status).toBe(400);
  });
});
