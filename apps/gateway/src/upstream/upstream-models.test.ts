import { describe, expect, it } from 'vitest';
import { CostTracker, createJsonLogger, InMemoryBudgetStore, InMemoryCircuitBreakerStore, InMemoryRateLimitStore } from '@llm/core';
import { openAIProviderFactory } from '@llm/openai';
import { RouteTable } from '../routing/route-table.js';
import { UpstreamModels } from './upstream-models.js';

function table(maxProviderModels: number): { routes: RouteTable; upstreams: UpstreamModels } {
  const upstreams = new UpstreamModels(
    {
      logger: createJsonLogger({ level: 'silent' }),
      costTracker: new CostTracker(),
      budgetStore: new InMemoryBudgetStore(),
      rateLimitStore: new InMemoryRateLimitStore(),
      circuitBreakerStore: new InMemoryCircuitBreakerStore(),
      attemptMiddleware: [],
    },
    undefined,
    maxProviderModels,
  );
  // Building a client stack makes no request: the base URL is never called here.
  upstreams.addVendor('openai', openAIProviderFactory, { apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1' });
  const routes = new RouteTable(upstreams, true);
  routes.build({ fast: { model: 'openai:gpt-4o-mini' } }, {});
  return { routes, upstreams };
}

const held = (upstreams: UpstreamModels) => upstreams.built().map((m) => `${m.provider}:${m.model}`);

describe('client stacks of provider:model ids named by clients', () => {
  it('keeps at most maxProviderModels of them, dropping the least recently used, and never a configured route', () => {
    const { routes, upstreams } = table(3);
    const a = routes.resolve('openai:a')!.model;
    routes.resolve('openai:b');
    routes.resolve('openai:c');
    expect(held(upstreams)).toEqual(['openai:gpt-4o-mini', 'openai:a', 'openai:b', 'openai:c']);
    expect(routes.resolve('openai:a')!.model).toBe(a); // reused, and now the most recently used
    routes.resolve('openai:d');
    expect(held(upstreams)).toEqual(['openai:gpt-4o-mini', 'openai:c', 'openai:a', 'openai:d']);
    const b = routes.resolve('openai:b')!.model; // dropped before: made again
    expect(held(upstreams)).toEqual(['openai:gpt-4o-mini', 'openai:a', 'openai:d', 'openai:b']);
    expect(routes.resolve('openai:b')!.model).toBe(b);
  });

  it('does not grow with made-up ids', () => {
    const { routes, upstreams } = table(50);
    for (let i = 0; i < 500; i++) expect(routes.resolve(`openai:made-up-${i}`)).toBeDefined();
    expect(upstreams.built()).toHaveLength(51);
    expect(held(upstreams).at(-1)).toBe('openai:made-up-499');
  });

  it('serves a configured target named as provider:model with the route\'s own stack', () => {
    const { routes, upstreams } = table(3);
    expect(routes.resolve('openai:gpt-4o-mini')!.model).toBe(routes.resolve('fast')!.model);
    expect(upstreams.built()).toHaveLength(1);
  });
});
