import { describe, expect, it } from 'vitest';
import { createChatModel } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { applyMiddleware, composeMiddleware, observeStream, wrapChatModel, type Middleware } from './middleware.js';

function tagging(name: string, log: string[]): Middleware {
  return (model) =>
    wrapChatModel(model, {
      async chat(request, options, next) {
        log.push(`${name}>`);
        const r = await next.chat(request, options);
        log.push(`<${name}`);
        return r;
      },
    });
}

describe('middleware', () => {
  it('applies the first listed as the outermost', async () => {
    const log: string[] = [];
    const model = applyMiddleware(createChatModel(fakeTransport()), tagging('a', log), tagging('b', log));
    await model.chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(log).toEqual(['a>', 'b>', '<b', '<a']);
    log.length = 0;
    await composeMiddleware(tagging('x', log), tagging('y', log))(createChatModel(fakeTransport())).chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(log).toEqual(['x>', 'y>', '<y', '<x']);
  });

  it('runs complete() through an overridden chat, so every middleware sees plain prompts too', async () => {
    const log: string[] = [];
    const model = applyMiddleware(createChatModel(fakeTransport()), tagging('m', log));
    await model.complete({ prompt: 'hi' });
    expect(log).toEqual(['m>', '<m']);
    expect(model.provider).toBe('fake');
    expect(model.modelId).toBe('fake-model');
  });

  it('observeStream sees every event and the finish, and passes them on unchanged', async () => {
    const inner = createChatModel(fakeTransport({ chunks: ['a', 'b'] })).streamChat({ messages: [{ role: 'user', content: 'x' }] });
    const types: string[] = [];
    let finished = '';
    const outer = observeStream(inner, { onEvent: (e) => types.push(e.type), onFinish: (r) => (finished = r.text) });
    const events = [];
    for await (const e of outer) events.push(e);
    expect(types).toEqual(events.map((e) => e.type));
    expect(finished).toBe('ab');
    expect((await outer.response).text).toBe('ab');
  });

  it('observeStream reports errors and aborting the outer stream aborts the inner one', async () => {
    const inner = createChatModel(fakeTransport({ chunks: ['a', 'b', 'c'] })).streamChat({ messages: [{ role: 'user', content: 'x' }] });
    let code = '';
    const outer = observeStream(inner, { onError: (e) => (code = e.code) });
    for await (const e of outer) if (e.type === 'text-delta') break;
    expect(inner.signal.aborted).toBe(true);
    await expect(outer.response).rejects.toMatchObject({ code: 'canceled' });
    expect(code).toBe('canceled');
  });
});

describe('observeStream on a stream that is already being read', () => {
  const ask = { messages: [{ role: 'user' as const, content: 'x' }] };

  function hooks() {
    const calls: string[] = [];
    return {
      calls,
      hooks: {
        onStart: () => calls.push('start'),
        onEvent: (e: { type: string }) => calls.push(`event:${e.type}`),
        onFinish: () => calls.push('finish'),
        onError: (e: { code: string; provider?: string | undefined }) => calls.push(`error:${e.code}:${e.provider}`),
      },
    };
  }

  it('cannot read it a second time: the observer hears so once, and the first reader is untouched', async () => {
    const inner = createChatModel(fakeTransport({ chunks: ['a', 'b'] })).streamChat(ask);
    const first = inner[Symbol.asyncIterator]();
    const { calls, hooks: h } = hooks();
    const outer = observeStream(inner, h);
    expect(outer).not.toBe(inner);
    await expect(outer.response).rejects.toMatchObject({ code: 'invalid_request' });
    expect(calls).toEqual(['start', 'error:invalid_request:fake']);
    const texts: string[] = [];
    for (let r = await first.next(); !r.done; r = await first.next()) if (r.value.type === 'text-delta') texts.push(r.value.text);
    expect(texts).toEqual(['a', 'b']);
    expect((await inner.response).text).toBe('ab');
    expect(calls).toHaveLength(2);
  });

  it('closed before it is read: the observer hears canceled once', async () => {
    const inner = createChatModel(fakeTransport()).streamChat(ask);
    inner[Symbol.asyncIterator]();
    const { calls, hooks: h } = hooks();
    const outer = observeStream(inner, h);
    const it = outer[Symbol.asyncIterator]();
    expect(await it.return?.()).toEqual({ done: true, value: undefined });
    await it.return?.();
    expect(calls).toEqual(['error:canceled:fake']);
    await expect(outer.response).rejects.toMatchObject({ code: 'canceled' });
  });

  it('aborting the observing stream aborts the one it observes', async () => {
    const inner = createChatModel(fakeTransport()).streamChat(ask);
    inner[Symbol.asyncIterator]();
    const outer = observeStream(inner, {});
    outer[Symbol.asyncIterator]();
    outer.abort(new Error('stop'));
    expect(inner.signal.aborted).toBe(true);
  });
});
