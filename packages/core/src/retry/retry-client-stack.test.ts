import { describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '../model/expect-llm-error.test-util.js';
import { createClient, resolveSetup } from '../client/index.js';
import type { ClientConfigInput } from '../config/index.js';
import { type Provider, runHealthCheck } from '../model/index.js';
import { scriptedModel, type ScriptedModel, type Step } from './retry-scripted-model.test-util.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };


function client(steps: Step[], config: Partial<ClientConfigInput>): { scripted: ScriptedModel; client: ReturnType<typeof createClient> } {
  const scripted = scriptedModel(steps, 'fake', 'm');
  const provider: Provider = {
    name: 'fake',
    chatModel: () => scripted.model,
    listModels: async () => [],
    checkHealth: () => runHealthCheck('fake', async () => undefined),
  };
  return { scripted, client: createClient(provider, resolveSetup({ provider: 'fake', model: 'm', logging: { level: 'silent' }, ...config })) };
}

describe('the default stack: retry, circuit breaker and timeout from config', () => {
  it('retries with the configured backoff', async () => {
    const { scripted, client: c } = client([{ error: 'overloaded' }, { error: 'network' }, { text: 'ok' }], { retry: { maxRetries: 2, initialDelay: '1ms', maxDelay: '2ms' } });
    expect((await c.chat(ask)).text).toBe('ok');
    expect(scripted.calls).toBe(3);
    expect(c.getUsage().totals.requests).toBe(1);
  });

  it('stops retrying once the breaker inside it opens', async () => {
    const { scripted, client: c } = client(Array.from({ length: 10 }, () => ({ error: 'provider_error' as const })), {
      retry: { maxRetries: 5, initialDelay: 1, maxDelay: 1 },
      circuitBreaker: { failureThreshold: 2 },
    });
    const err = await failure(c.chat(ask));
    expect(err.code).toBe('circuit_open');
    expect(err.message).toMatch(/after 3 attempts/);
    expect(scripted.calls).toBe(2);
  });

  it('gives every attempt the top-level timeout and retries a timed-out attempt', async () => {
    const { scripted, client: c } = client([{ text: 'slow', delayMs: 1000 }, { text: 'fast' }], { timeout: '40ms', retry: { maxRetries: 1, initialDelay: 1 } });
    expect((await c.chat(ask)).text).toBe('fast');
    expect(scripted.calls).toBe(2);
    expect(scripted.signals[0]?.aborted).toBe(true);
  });

  it('applies stream timeouts from config', async () => {
    const { client: c } = client([{ chunks: ['a'], delayMs: 1000 }], { timeouts: { firstChunk: '30ms' }, retry: { maxRetries: 0 } });
    expect((await failure(c.streamChat(ask).response)).details).toMatchObject({ timeout: 'firstChunk', limitMs: 30 });
  });

  it('can turn the breaker off', async () => {
    const { scripted, client: c } = client(Array.from({ length: 8 }, () => ({ error: 'provider_error' as const })), {
      retry: { maxRetries: 0 },
      circuitBreaker: { enabled: false, failureThreshold: 1 },
    });
    for (let i = 0; i < 4; i++) expect((await failure(c.chat(ask))).code).toBe('provider_error');
    expect(scripted.calls).toBe(4);
  });

  it('validates the resilience config, naming each bad field', () => {
    expect(() => resolveSetup({ provider: 'fake', model: 'm', retry: { initialDelay: 'soon', multiplier: 0 }, circuitBreaker: { failureRateThreshold: 2 } })).toThrow(
      /initialDelay[\s\S]*multiplier[\s\S]*failureRateThreshold|multiplier[\s\S]*initialDelay/,
    );
    const { config } = resolveSetup({ provider: 'fake', model: 'm', timeout: '5s', retry: { maxTotalTime: '3m' } });
    expect(config.retry).toEqual({ maxRetries: 2, initialDelay: 500, multiplier: 2, maxDelay: 30_000, maxTotalTime: 180_000 });
    expect(config.timeouts).toEqual({});
    expect(config.circuitBreaker).toMatchObject({ enabled: true, failureThreshold: 5, window: 60_000, openDuration: 30_000 });
  });
});
