import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../test/cli-world.test-util.js';

/**
 * --gateway against fake servers that speak the gateway's wire (OpenAI's Chat Completions at /v1):
 * the fake OpenAI server, and the fake OpenRouter server for a gateway that reports each call's cost.
 */
const world = useCliWorld('openai', 'openrouter');

describe('--gateway URL', () => {
  it('sends the call through the gateway with the model as provider:model, the gateway key, and no vendor key needed', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'Through the gateway.', usage: { inputTokens: 10, outputTokens: 4 } });
    const run = await world.sandbox.run(['--gateway', world.servers.openai.url, '-m', 'anthropic:claude-haiku-4-5', '--json', 'Hi'], { env: { LLM_GATEWAY_KEY: world.servers.openai.apiKey } });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('mock');
    const seen = world.servers.openai.lastRequest();
    expect(seen.model).toBe('anthropic:claude-haiku-4-5');
    expect(seen.apiKey).toBe(world.servers.openai.apiKey);
    const result = JSON.parse(run.stdout) as { text: string; model: string; mock: boolean; cost: { totalUsd: number; source: string } };
    expect(result).toMatchObject({ text: 'Through the gateway.', model: 'anthropic:claude-haiku-4-5', mock: false });
    // Claude Haiku 4.5 at $1 / $5 per million: priced from the catalog for the model behind the name.
    expect(result.cost).toMatchObject({ source: 'computed' });
    expect(result.cost.totalUsd).toBeCloseTo(10e-6 + 4 * 5e-6, 12);
  });

  it('takes the cost the gateway reports', async () => {
    world.servers.openrouter.enqueue({ kind: 'text', text: 'Priced.', usage: { inputTokens: 100, outputTokens: 10 } });
    const run = await world.sandbox.run(['-m', 'openai:gpt-4o', '--json', 'Hi'], { env: { LLM_GATEWAY_URL: `${world.servers.openrouter.url}/api`, LLM_GATEWAY_KEY: world.servers.openrouter.apiKey } });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { cost: { totalUsd: number; source: string } };
    expect(result.cost.source).toBe('provider');
    expect(result.cost.totalUsd).toBeGreaterThan(0);
  });

  it('--max-cost is checked before sending, at the price of the model behind the name', async () => {
    const run = await world.sandbox.run(['--gateway', world.servers.openai.url, '-m', 'openai:gpt-4o', '--max-cost', '0.0001', '--max-tokens', '2000', 'Hi'], { env: { LLM_GATEWAY_KEY: world.servers.openai.apiKey } });
    expect(run.code).toBe(8);
    expect(world.servers.openai.requests).toHaveLength(0);
  });

  it('a gateway that refuses the key: exit 4, one line', async () => {
    const run = await world.sandbox.run(['--gateway', world.servers.openai.url, 'Hi'], { env: { LLM_GATEWAY_KEY: 'sk-not-this-one-000000' } });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('[authentication]');
  });
});
