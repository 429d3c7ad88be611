import { describe, expect, it } from 'vitest';
import { chatModelFrom } from '../model/index.js';
import { createLoadBalancedModel } from './load-balancer.js';
import { scriptedModel } from '../retry/retry-scripted-model.test-util.js';

// The load balancer's edges: weights it refuses or skips, a model that cannot even open its
// stream, and a stream closed before it is read.

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('createLoadBalancedModel: edges', () => {
  it('refuses weights that are all zero, negative or not finite', () => {
    const a = scriptedModel([], 'p', 'a').model;
    expect(() => createLoadBalancedModel([{ model: a, weight: 0 }])).toThrow('load balancer: at least one weight must be > 0');
    expect(() => createLoadBalancedModel([{ model: a, weight: -1 }])).toThrow('load balancer weight of p:a must be a finite number >= 0, got -1');
    expect(() => createLoadBalancedModel([{ model: a, weight: Number.POSITIVE_INFINITY }])).toThrow(/got Infinity/);
    expect(() => createLoadBalancedModel([])).toThrow('createLoadBalancedModel needs at least one model');
  });

  it('never picks a model of weight zero', async () => {
    const a = scriptedModel([], 'p', 'a');
    const b = scriptedModel([], 'p', 'b');
    const model = createLoadBalancedModel([{ model: a.model, weight: 0 }, { model: b.model, weight: 1 }], { random: () => 0 });
    for (let n = 0; n < 3; n++) await model.chat(ask);
    expect([a.calls, b.calls]).toEqual([0, 3]);
  });

  it('a model whose stream cannot open fails that stream with an LLMError naming it, and frees its slot', async () => {
    const broken = chatModelFrom({
      provider: 'p',
      modelId: 'broken',
      chat: () => Promise.reject(new Error('not used')),
      streamChat: () => {
        throw new TypeError('fetch failed');
      },
    });
    const model = createLoadBalancedModel([broken], { strategy: 'least-busy' });
    await expect(model.streamChat(ask).response).rejects.toMatchObject({ code: 'network', provider: 'p', model: 'broken' });
    // The slot was freed: the same (only) model is picked again and fails the same way, not stuck.
    await expect(model.streamChat(ask).response).rejects.toMatchObject({ code: 'network' });
  });

  it('a stream closed before it is read opens no model', async () => {
    const a = scriptedModel([], 'p', 'a');
    const model = createLoadBalancedModel([a.model]);
    const it = model.streamChat(ask)[Symbol.asyncIterator]();
    expect(await it.return?.()).toEqual({ done: true, value: undefined });
    expect(a.calls).toBe(0);
  });
});
