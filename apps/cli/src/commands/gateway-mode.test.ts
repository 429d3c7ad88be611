import { startFakeOpenAIServer, startFakeOpenRouterServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../test/run-llm.test-util.js';

/**
 * --gateway against fake servers that speak the gateway's wire (OpenAI's Chat Completions at /v1):
 * the fake OpenAI server, and the fake OpenRouter server for a gateway that reports each call's cost.
 */
let sandbox: Sandbox;
let gateway: FakeServer;
let costly: FakeServer;

beforeAll(async () => {
  sandbox = createSandbox();
  [gateway, costly] = await Promise.all([startFakeOpenAIServer(), startFakeOpenRouterServer()]);
});
afterAll(async () => {
  await Promise.all([gateway.close(), costly.close()]);
  sandbox.remove();
});
beforeEach(() => {
  gateway.reset();
  costly.reset();
});

describe('--gateway URL', () => {
  it('sends the call through the gateway with the model as provider:model, the gateway key, and no vendor key needed', async () => {
    gateway.enqueue({ kind: 'text', text: 'Through the gateway.', usage: { inputTokens: 10, outputTokens: 4 } });
    const run = await sandbox.run(['--gateway', gateway.url, '-m', 'anthropic:claude-haiku-4-5', '--json', 'Hi'], { env: { LLM_GATEWAY_KEY: gateway.apiKey } });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('mock');
    const seen = gateway.lastRequest();
    expect(seen.model).toBe('anthropic:claude-haiku-4-5');
    expect(seen.apiKey).toBe(gateway.apiKey);
    const result = JSON.parse(run.stdout) as { text: string; model: string; mock: boolean; cost: { totalUsd: number; source: string } };
    expect(result).toMatchObject({ text: 'Through the gateway.', model: 'anthropic:claude-haiku-4-5', mock: false });
    // Claude Haiku 4.5 at $1 / $5 per million: priced from the catalog for the model behind the name.
    expect(result.cost).toMatchObject({ source: 'computed' });
    expect(result.cost.totalUsd).toBeCloseTo(10e-6 + 4 * 5e-6, 12);
  });

  it('takes the cost the gateway reports', async () => {
    costly.enqueue({ kind: 'text', text: 'Priced.', usage: { inputTokens: 100, outputTokens: 10 } });
    const run = await sandbox.run(['-m', 'openai:gpt-4o', '--json', 'Hi'], { env: { LLM_GATEWAY_URL: `${costly.url}/api`, LLM_GATEWAY_KEY: costly.apiKey } });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { cost: { totalUsd: number; source: string } };
    expect(result.cost.source).toBe('provider');
    expect(result.cost.totalUsd).toBeGreaterThan(0);
  });

  it('--max-cost is checked before sending, at the price of the model behind the name', async () => {
    const run = await sandbox.run(['--gateway', gateway.url, '-m', 'openai:gpt-4o', '--max-cost', '0.0001', '--max-tokens', '2000', 'Hi'], { env: { LLM_GATEWAY_KEY: gateway.apiKey } });
    expect(run.code).toBe(8);
    expect(gateway.requests).toHaveLength(0);
  });

  it('a gateway that refuses the key: exit 4, one line', async () => {
    const run = await sandbox.run(['--gateway', gateway.url, 'Hi'], { env: { LLM_GATEWAY_KEY: 'sk-not-this-one-000000' } });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('[authentication]');
  });
});
