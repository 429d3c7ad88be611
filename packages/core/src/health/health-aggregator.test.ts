import { LLMError } from '@llm/errors';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import type { LLMClient } from '../client/index.js';
import { providerModule, type ProviderFactory } from '../di/index.js';
import type { HealthChecker, HealthReport } from '../model/index.js';
import { createHealthAggregator, healthAggregatorFromContainer } from './health-aggregator.js';

const healthy = (provider: string, delayMs = 0): HealthChecker => ({
  checkHealth: async () => {
    await new Promise((r) => setTimeout(r, delayMs));
    return { provider, status: 'healthy', latencyMs: delayMs, checkedAt: new Date().toISOString() };
  },
});

/** Never answers unless aborted; records that it was. */
function hanging(): HealthChecker & { aborted: boolean } {
  const checker = {
    aborted: false,
    checkHealth: (options?: { signal?: AbortSignal }) =>
      new Promise<HealthReport>((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => {
          checker.aborted = true;
          reject(new Error('aborted'));
        });
      }),
  };
  return checker;
}

describe('createHealthAggregator', () => {
  it('checks every provider concurrently and reports each one', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const counted = (provider: string): HealthChecker => ({
      checkHealth: async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight--;
        return { provider, status: 'healthy', latencyMs: 30, checkedAt: new Date().toISOString() };
      },
    });
    const aggregator = createHealthAggregator({ openai: counted('openai'), anthropic: counted('anthropic') });
    const report = await aggregator.check();
    expect(maxInFlight).toBe(2); // concurrent, not one after the other
    expect(report.status).toBe('healthy');
    expect(report.providers.map((p) => [p.name, p.status])).toEqual([
      ['openai', 'healthy'],
      ['anthropic', 'healthy'],
    ]);
    expect(aggregator.last()).toBe(report);
  });

  it('reports a hanging provider unhealthy with code timeout after the bound, and aborts its check', async () => {
    const stuck = hanging();
    const aggregator = createHealthAggregator([{ name: 'groq', checker: stuck }, { name: 'openai', checker: healthy('openai') }], { timeoutMs: 50 });
    const started = performance.now();
    const report = await aggregator.check();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(report.status).toBe('degraded');
    const groq = report.providers[0]!;
    expect(groq).toMatchObject({ name: 'groq', status: 'unhealthy', error: { code: 'timeout' } });
    expect(groq.latencyMs).toBeGreaterThanOrEqual(45);
    expect(stuck.aborted).toBe(true);
  });

  it('keeps the last error after a provider recovers, and turns a thrown error into a report', async () => {
    let fail = true;
    const flaky: HealthChecker = {
      checkHealth: async () => {
        if (fail) throw new LLMError({ code: 'authentication', message: 'bad key', status: 401 });
        return { provider: 'openai', status: 'healthy', latencyMs: 1, checkedAt: new Date().toISOString() };
      },
    };
    const aggregator = createHealthAggregator({ openai: flaky });
    const first = await aggregator.check();
    expect(first.status).toBe('unhealthy');
    expect(first.providers[0]!.error).toEqual({ code: 'authentication', message: 'bad key', status: 401 });
    fail = false;
    const second = await aggregator.check();
    expect(second.status).toBe('healthy');
    expect(second.providers[0]!.error).toBeUndefined();
    expect(second.providers[0]!.lastError).toMatchObject({ code: 'authentication', at: first.providers[0]!.checkedAt });
  });

  it('is unhealthy with no provider registered', async () => {
    expect((await createHealthAggregator([]).check()).status).toBe('unhealthy');
  });

  it('checks every provider factory bound in a container, one that cannot be configured included', async () => {
    const factory = (name: string, checker: HealthChecker | Error): ProviderFactory => ({
      name,
      createClient: () => {
        if (checker instanceof Error) throw checker;
        return { checkHealth: checker.checkHealth } as unknown as LLMClient;
      },
    });
    const container = new Container();
    await container.load(
      providerModule(factory('openai', healthy('openai'))),
      providerModule(factory('anthropic', new LLMError({ code: 'configuration', message: 'no API key for anthropic' }))),
    );
    const report = await healthAggregatorFromContainer(container).check();
    expect(report.providers.map((p) => [p.name, p.status, p.error?.code])).toEqual([
      ['openai', 'healthy', undefined],
      ['anthropic', 'unhealthy', 'configuration'],
    ]);
  });
});
