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
