import { describe, expect, it } from 'vitest';
import { createLoadBalancedModel } from './load-balancer.js';
import { scriptedModel } from '../retry/retry-scripted-model.test-util.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('createLoadBalancedModel', () => {
  it('spreads calls by weight', async () => {
    const a = scriptedModel([], 'p', 'a');
    const b = scriptedModel([], 'p', 'b');
    let i = 0;
    const randoms = [0.1, 0.5, 0.74, 0.76, 0.99, 0.3, 0.8, 0.0];
    const model = createLoadBalancedModel([{ model: a.model, weight: 3 }, { model: b.model, weight: 1 }], { random: () => randoms[i++ % randoms.length]! });
    for (let n = 0; n < randoms.length; n++) await model.chat(ask);
    // r * 4 < 3 goes to a: 0.4, 2, 2.96, 3.04, 3.96, 1.2, 3.2, 0
    expect([a.calls, b.calls]).toEqual([5, 3]);
  });

  it('follows the weights over many calls with the default random source', async () => {
    const a = scriptedModel([], 'p', 'a');
    const b = scriptedModel([], 'p', 'b');
    const model = createLoadBalancedModel([{ model: a.model, weight: 4 }, { model: b.model, weight: 1 }]);
    for (let n = 0; n < 400; n++) await model.chat(ask);
    expect(a.calls).toBeGreaterThan(250);
    expect(b.calls).toBeGreaterThan(40);
  });

  it('least-busy sends each call to the model with the fewest calls in flight', async () => {
    const a = scriptedModel([{ text: 'a', delayMs: 60 }, { text: 'a', delayMs: 60 }], 'p', 'a');
    const b = scriptedModel([{ text: 'b', delayMs: 60 }], 'p', 'b');
    const model = createLoadBalancedModel([a.model, b.model], { strategy: 'least-busy', random: () => 0 });
    const first = model.chat(ask);
    expect(model.inFlight()).toEqual({ 'p:a': 1, 'p:b': 0 });
    const second = model.chat(ask);
    expect(model.inFlight()).toEqual({ 'p:a': 1, 'p:b': 1 });
    const third = model.chat(ask);
    expect(model.inFlight()).toEqual({ 'p:a': 2, 'p:b': 1 });
    const texts = (await Promise.all([first, second, third])).map((r) => r.text);
    expect(texts).toEqual(['a', 'b', 'a']);
    expect(model.inFlight()).toEqual({ 'p:a': 0, 'p:b': 0 });
  });

  it('counts a stream as in flight until it ends', async () => {
    const a = scriptedModel([{ chunks: ['x', 'y'], chunkDelayMs: 30 }], 'p', 'a');
    const b = scriptedModel([], 'p', 'b');
    const model = createLoadBalancedModel([a.model, b.model], { strategy: 'least-busy', random: () => 0 });
    const stream = model.streamChat(ask);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    expect(model.inFlight()).toEqual({ 'p:a': 1, 'p:b': 0 });
    expect((await model.chat(ask)).model).toBe('b');
    while (!(await iterator.next()).done) {
      // read to the end
    }
    expect((await stream.response).text).toBe('xy');
    expect(model.inFlight()).toEqual({ 'p:a': 0, 'p:b': 0 });
  });

  it('rejects bad weights', () => {
    const a = scriptedModel([], 'p', 'a');
    expect(() => createLoadBalancedModel([])).toThrow(/at least one model/);
    expect(() => createLoadBalancedModel([{ model: a.model, weight: -1 }])).toThrow(/weight/);
    expect(() => createLoadBalancedModel([{ model: a.model, weight: 0 }])).toThrow(/at least one weight/);
  });
});
