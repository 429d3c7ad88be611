// Promises made and store calls per call through the circuit breaker, counted exactly
// (node:async_hooks), free of the machine's load: a closed circuit, calls that succeed.
//   node breaker-promises.mjs [calls] [core module, default @llm/core] [core module B ...]
// Paths per build: `breaker.run` (a resolved call), the breaker's middleware `chat` and `streamChat`
// over a model that answers at once, and what the breaker alone adds (minus the same path without it).
import { createHook } from 'node:async_hooks';

const [count = '2000', ...modules] = process.argv.slice(2);
const calls = Number(count);
let promises = 0;
const hook = createHook({
  init(_id, type) {
    if (type === 'PROMISE') promises++;
  },
});

const request = { messages: [{ role: 'user', content: 'hi' }] };

async function measure(core) {
  const { CircuitBreaker, InMemoryCircuitBreakerStore, applyMiddleware, ChatStream } = await import(core);
  const answer = { text: 'ok', content: [{ type: 'text', text: 'ok' }], toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, provider: 'p', model: 'm' };
  const model = {
    provider: 'p',
    modelId: 'm',
    chat: () => Promise.resolve(answer),
    streamChat: () =>
      new ChatStream(async function* () {
        yield { type: 'text-delta', text: 'ok' };
        yield { type: 'finish', response: answer };
      }, { provider: 'p', modelId: 'm' }),
  };
  const storeCalls = {};
  const store = new Proxy(new InMemoryCircuitBreakerStore(), {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args) => {
        storeCalls[name] = (storeCalls[name] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  });
  const breaker = new CircuitBreaker({ store });
  const wrapped = applyMiddleware(model, breaker.middleware());
  const paths = {
    run: () => breaker.run('p', 'm', () => Promise.resolve('x')),
    'run (no breaker)': () => Promise.resolve('x'),
    chat: () => wrapped.chat(request),
    'chat (no breaker)': () => model.chat(request),
    stream: async () => { for await (const _ of wrapped.streamChat(request)); },
    'stream (no breaker)': async () => { for await (const _ of model.streamChat(request)); },
  };
  const out = {};
  for (const [name, fn] of Object.entries(paths)) {
    for (let i = 0; i < 50; i++) await fn();
    for (const k of Object.keys(storeCalls)) delete storeCalls[k];
    promises = 0;
    hook.enable();
    for (let i = 0; i < calls; i++) await fn();
    hook.disable();
    out[name] = { promises: promises / calls, store: Object.fromEntries(Object.entries(storeCalls).map(([k, v]) => [k, v / calls])) };
  }
  return out;
}

for (const core of modules.length > 0 ? modules : ['@llm/core']) {
  const out = await measure(core);
  console.log(core);
  for (const [name, { promises: p, store }] of Object.entries(out)) console.log(`  ${name.padEnd(22)} ${p.toFixed(2).padStart(7)} promises/call  store ${JSON.stringify(store)}`);
  for (const path of ['run', 'chat', 'stream']) console.log(`  breaker adds on ${path.padEnd(8)} ${(out[path].promises - out[`${path} (no breaker)`].promises).toFixed(2)} promises/call`);
}
