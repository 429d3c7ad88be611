import type { StreamEvent } from '@llm/schema';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../test/cli-world.test-util.js';
import { startGateway, type RunningGateway } from '../test/gateway-process.test-util.js';

/**
 * --gateway against the real llm-gateway (apps/gateway, built), itself in front of the fake OpenAI
 * and Anthropic servers: this machine's llm holds no vendor key, only the gateway does.
 */
const world = useCliWorld('openai', 'anthropic');
let open: RunningGateway;
let keyed: RunningGateway;
const CLIENT_KEY = 'llmgw-test-key-1234567890';

beforeAll(async () => {
  const vendorKeys = world.keys('openai', 'anthropic');
  const hash = `sha256:${createHash('sha256').update(CLIENT_KEY).digest('hex')}`;
  [open, keyed] = await Promise.all([
    startGateway(vendorKeys),
    startGateway(vendorKeys, `keys:\n  - id: cli-test\n    hash: ${hash}\n    models: ['anthropic:*']\n`),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([open?.stop(), keyed?.stop()]);
});

interface Result {
  text: string;
  model: string;
  mock: boolean;
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number };
  cost: { totalUsd: number; source: string } | null;
}

describe('--gateway URL (a real llm-gateway)', () => {
  it('asks the model behind provider:model through the gateway, and takes the cost the gateway reports', async () => {
    world.servers.anthropic.enqueue({ kind: 'text', text: 'Through the gateway.', usage: { inputTokens: 10, outputTokens: 4 } });
    const run = await world.sandbox.run(['--gateway', open.url, '-m', 'anthropic:claude-haiku-4-5', '--json', 'Hi']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('mock');
    const result = JSON.parse(run.stdout) as Result;
    expect(result).toMatchObject({ text: 'Through the gateway.', model: 'anthropic:claude-haiku-4-5', mock: false, finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 4 } });
    // The gateway priced it (Claude Haiku 4.5 at $1 / $5 per million tokens) and said so in the reply.
    expect(result.cost?.source).toBe('provider');
    expect(result.cost?.totalUsd).toBeCloseTo(10e-6 + 4 * 5e-6, 12);
    expect(world.servers.anthropic.lastRequest().model).toBe('claude-haiku-4-5');
  });

  it('streams through the gateway: the events as they come, and the usage line on stderr', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'one two three', chunks: 3, usage: { inputTokens: 7, outputTokens: 3 } });
    const run = await world.sandbox.run(['--gateway', open.url, '-m', 'openai:gpt-4o-mini', '--jsonl', 'Count']);
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as StreamEvent<unknown>);
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.text : '')).join('')).toBe('one two three');
    expect(events.at(-1)!.type).toBe('finish');
    expect(run.stderr).toMatch(/^gateway:.* · 7 in \+ 3 out tokens · \$[\d.]+ · /m);
  });

  it('--max-cost is checked here before sending, at the price of the model behind the name', async () => {
    const run = await world.sandbox.run(['--gateway', open.url, '-m', 'openai:gpt-4o', '--max-cost', '0.0001', '--max-tokens', '2000', 'Hi']);
    expect(run.code).toBe(8);
    expect(world.servers.openai.requests).toHaveLength(0);
  });

  it('llm health asks the gateway: its vendors and their circuits', async () => {
    const run = await world.sandbox.run(['--gateway', open.url, 'health', '--json']);
    expect(run.code).toBe(0);
    const health = JSON.parse(run.stdout) as { gateway: string; providers: Array<{ provider: string; status: string }> };
    expect(health.gateway).toBe(open.url);
    expect(health.providers.map((p) => [p.provider, p.status]).sort()).toEqual([
      ['anthropic', 'healthy'],
      ['openai', 'healthy'],
    ]);
  });

  it("a gateway with keys: a wrong key exits 4, a model the key may not use exits 4, the right key answers", async () => {
    const wrong = await world.sandbox.run(['--gateway', keyed.url, '-m', 'anthropic:claude-haiku-4-5', 'Hi'], { env: { LLM_GATEWAY_KEY: 'llmgw-wrong' } });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/\[authentication\]/);
    const forbidden = await world.sandbox.run(['--gateway', keyed.url, '-m', 'openai:gpt-4o-mini', 'Hi'], { env: { LLM_GATEWAY_KEY: CLIENT_KEY } });
    expect(forbidden.code).toBe(4);
    expect(forbidden.stderr).toMatch(/\[permission_denied\]/);
    world.servers.anthropic.enqueue({ kind: 'text', text: 'Allowed.' });
    const ok = await world.sandbox.run(['--gateway', keyed.url, '-m', 'anthropic:claude-haiku-4-5', 'Hi'], { env: { LLM_GATEWAY_KEY: CLIENT_KEY } });
    expect(ok).toMatchObject({ code: 0, stdout: 'Allowed.\n' });
    for (const run of [wrong, forbidden, ok]) expect(run.stderr).not.toContain(CLIENT_KEY);
  });

  it('a gateway that is not there: exit 7 with a hint', async () => {
    const run = await world.sandbox.run(['--gateway', 'http://127.0.0.1:9', '--retries', '0', 'Hi']);
    expect(run.code).toBe(7);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('[network]');
  });
});
