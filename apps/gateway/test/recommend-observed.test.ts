import { describe, expect, it } from 'vitest';
import { pollUntil } from './gateway-process.js';
import { useGatewayWithFakeVendors } from './gateway-with-fake-vendors.js';

// Both routes rank two models by cost and (four times more) by error rate. The static `observed`
// values say gpt-4o-mini fails 90% of its calls; what the gateway's own analytics records of its
// calls replaces them once there are `minCalls` of them.
const ROUTE = `
      models: [openai:gpt-4o-mini, anthropic:claude-haiku-4-5]
      weights: { cost: 1, errorRate: 4 }
      minCalls: 3
      observed:
        'openai:gpt-4o-mini': { calls: 100, errorRate: 0.9 }
        'anthropic:claude-haiku-4-5': { calls: 100, errorRate: 0 }`;

describe('recommendation routes ranked by the gateway’s own analytics', () => {
  const setup = useGatewayWithFakeVendors({
    config: `
defaults:
  retry: { maxRetries: 0 }
  circuitBreaker: { enabled: false }
models:
  watched:
    recommend:${ROUTE}
      analytics: { window: 1h, refresh: 0 }
  fixed:
    recommend:${ROUTE}
      analytics: false
`,
  });
  const hi = [{ role: 'user' as const, content: 'hi' }];
  /** Which vendor model answered one call of `route` (read from the fake vendors' own records). */
  const answeredBy = async (route: string): Promise<string[]> => {
    setup.openai.reset();
    setup.anthropic.reset();
    await setup.openaiClient().chat.completions.create({ model: route, messages: hi });
    return [...setup.openai.requests.map((r) => `openai:${r.model}`), ...setup.anthropic.requests.map((r) => `anthropic:${r.model}`)];
  };
  const direct = (ok: boolean) => {
    if (!ok) setup.openai.enqueue({ kind: 'error', error: 'overloaded' });
    return setup
      .openaiClient()
      .chat.completions.create({ model: 'openai:gpt-4o-mini', messages: hi })
      .then(
        () => true,
        () => false,
      );
  };

  it('ranks by the static values until calls are recorded, then by the recorded error rate, both ways', async () => {
    // No calls recorded: the static 90% error rate puts gpt-4o-mini last on both routes.
    expect(await answeredBy('watched')).toEqual(['anthropic:claude-haiku-4-5']);
    expect(await answeredBy('fixed')).toEqual(['anthropic:claude-haiku-4-5']);

    // Three good calls of gpt-4o-mini recorded: no errors seen, so the cheaper model goes first.
    for (let i = 0; i < 3; i++) expect(await direct(true)).toBe(true);
    expect(await pollUntil(() => answeredBy('watched'), (m) => m[0] === 'openai:gpt-4o-mini')).toEqual(['openai:gpt-4o-mini']);
    // The route told to keep its static values does not move.
    expect(await answeredBy('fixed')).toEqual(['anthropic:claude-haiku-4-5']);

    // Then gpt-4o-mini fails more often than not: it goes last again.
    for (let i = 0; i < 6; i++) expect(await direct(false)).toBe(false);
    expect(await pollUntil(() => answeredBy('watched'), (m) => m[0] === 'anthropic:claude-haiku-4-5')).toEqual(['anthropic:claude-haiku-4-5']);
  });
});
