import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { createChatModel, parseModelId, type Provider, runHealthCheck } from '../model/index.js';
import { createClient } from './client.js';
import { resolveSetup, withLogger, type ClientOption } from './client-options.js';
import type { ClientConfigInput } from '../config/index.js';
import { coreModule, providerModule, resolveClient, resolveClientFromContainer, type ProviderFactory } from '../di/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { createJsonLogger } from '../logging/index.js';

function fakeProvider(name = 'fake'): Provider {
  return {
    name,
    chatModel: (modelId) => createChatModel({ ...fakeTransport({ chunks: ['a', 'b'] }, name), modelId }),
    listModels: async () => [{ id: 'fake-model', provider: name }],
    checkHealth: () => runHealthCheck(name, async () => undefined),
  };
}

function fakeFactory(name: string): ProviderFactory {
  return {
    name,
    createClient: (config: Partial<ClientConfigInput>, ...options: ClientOption[]) => createClient(fakeProvider(name), resolveSetup({ ...config, provider: name }, options)),
  };
}

describe('createClient', () => {
  it('keeps running totals of tokens and requests per model, streams included', async () => {
    const client = createClient(fakeProvider(), resolveSetup({ provider: 'fake', model: 'm1', logging: { level: 'silent' } }));
    await client.chat({ messages: [{ role: 'user', content: 'x' }] });
    await client.streamChat({ messages: [{ role: 'user', content: 'x' }] }).response;
    await client.complete({ prompt: 'x' });
    const usage = client.getUsage();
    expect(usage.totals).toMatchObject({ requests: 3, inputTokens: 9, outputTokens: 6, totalTokens: 15, unpricedRequests: 3 });
    expect(Object.keys(usage.byModel)).toEqual(['fake:fake-model-001']);
  });

  it('withModel shares the provider and the usage totals', async () => {
    const client = createClient(fakeProvider(), resolveSetup({ provider: 'fake', model: 'm1', logging: { level: 'silent' } }));
    const other = client.withModel('m2');
    expect(other.modelId).toBe('m2');
    await other.chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(client.getUsage().totals.requests).toBe(1);
  });

  it('masks the key in its config', () => {
    const client = createClient(fakeProvider(), resolveSetup({ provider: 'fake', model: 'm', apiKey: 'sk-secret-123456789' }));
    expect(client.config.apiKey).toBe('***');
    expect(JSON.stringify(client.config)).not.toContain('sk-secret');
  });

  it('logs each call as JSON, at the configured level, without the key or the content', async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'debug', write: (l) => lines.push(l), secrets: ['sk-secret-123456789'] });
    const client = createClient(fakeProvider(), resolveSetup({ provider: 'fake', model: 'm', apiKey: 'sk-secret-123456789', logging: { level: 'debug' } }, [withLogger(logger)]));
    await client.chat({ messages: [{ role: 'user', content: 'my private question sk-secret-123456789' }] });
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.msg)).toEqual(['llm.request', 'llm.response']);
    expect(records[1]).toMatchObject({ level: 'info', provider: 'fake', model: 'm', operation: 'chat', finishReason: 'stop' });
    expect(lines.join('\n')).not.toContain('sk-secret');
    expect(lines.join('\n')).not.toContain('private question');
  });

  it('checks health and lists models through its provider', async () => {
    const client = createClient(fakeProvider(), resolveSetup({ provider: 'fake', model: 'm' }));
    expect((await client.checkHealth()).status).toBe('healthy');
    expect(await client.listModels()).toEqual([{ id: 'fake-model', provider: 'fake' }]);
  });
});

describe('runHealthCheck', () => {
  it('reports a failure with its code and never throws', async () => {
    const report = await runHealthCheck('p', async () => {
      throw new TypeError('fetch failed');
    });
    expect(report).toMatchObject({ provider: 'p', status: 'unhealthy', error: { code: 'network' } });
  });
});

describe('DI', () => {
  it('resolves provider:model from a container into which provider modules were loaded', async () => {
    const container = new Container();
    container.load(coreModule({ defaults: { timeout: '10s', logging: { level: 'silent' } } }), providerModule(fakeFactory('alpha')), providerModule(fakeFactory('beta')));
    const client = resolveClientFromContainer(container, 'beta:some/model:free');
    expect(client.provider).toBe('beta');
    expect(client.modelId).toBe('some/model:free');
    expect(client.config.timeout).toBe(10_000);
    expect((await client.chat({ messages: [{ role: 'user', content: 'x' }] })).text).toBe('hello world');
  });

  it('names the loaded providers when one is missing', () => {
    expect(() => resolveClient([fakeFactory('alpha')], 'gamma:x')).toThrow(/no provider "gamma".*loaded: alpha/);
  });

  it('works without a container', () => {
    expect(resolveClient([fakeFactory('alpha')], 'alpha:m').modelId).toBe('m');
  });

  it('parses model ids', () => {
    expect(parseModelId('openrouter:meta-llama/llama-3.3-70b-instruct:free')).toEqual({ provider: 'openrouter', model: 'meta-llama/llama-3.3-70b-instruct:free' });
    expect(() => parseModelId('gpt-4o')).toThrow(/provider:model/);
  });
});

describe('client options for the default stack', () => {
  it('withFallback moves to the next model when the first fails with a retryable error', async () => {
    const { withFallback } = await import('./client-options.js');
    const failing: Provider = {
      ...fakeProvider('down'),
      chatModel: (modelId) =>
        createChatModel({
          ...fakeTransport({}, 'down'),
          modelId,
          doChat: async () => {
            throw new (await import('@llm/errors')).LLMError({ code: 'overloaded', message: 'busy' });
          },
        }),
    };
    const backup = createChatModel(fakeTransport({ text: 'from backup' }, 'backup'));
    const client = createClient(failing, resolveSetup({ provider: 'down', model: 'm', retry: { maxRetries: 0 }, logging: { level: 'silent' } }, [withFallback(backup)]));
    const r = await client.chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(r.text).toBe('from backup');
    expect(r.providerMetadata?.routing).toMatchObject({ answeredBy: 'backup:fake-model' });
  });

  it('withAttemptMiddleware runs once per attempt, inside retry, and sees each reply priced', async () => {
    const { withAttemptMiddleware } = await import('./client-options.js');
    const { wrapChatModel } = await import('../middleware/index.js');
    const { LLMError } = await import('@llm/errors');
    let calls = 0;
    const flaky: Provider = {
      ...fakeProvider('flaky'),
      chatModel: (modelId) =>
        createChatModel({
          ...fakeTransport({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 1000, totalTokens: 2000 } }, 'flaky'),
          modelId,
          doChat: async () => {
            calls++;
            if (calls === 1) throw new LLMError({ code: 'overloaded', message: 'busy' });
            return { text: 'ok', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1000, outputTokens: 1000, totalTokens: 2000 } };
          },
        }),
    };
    const seen: string[] = [];
    const attempt = (model: Parameters<typeof wrapChatModel>[0]) =>
      wrapChatModel(model, {
        chat: async (request, options, next) => {
          seen.push(`try:${request.tags?.key}`);
          try {
            const response = await next.chat(request, options);
            seen.push(`cost:${response.usage.cost?.totalUsd}`);
            return response;
          } catch (err) {
            seen.push(`error:${(err as { code: string }).code}`);
            throw err;
          }
        },
      });
    const client = createClient(
      flaky,
      resolveSetup(
        { provider: 'flaky', model: 'm', retry: { maxRetries: 1, initialDelay: 1 }, cost: { prices: { 'flaky:m': { input: 1, output: 2 } } }, logging: { level: 'silent' } },
        [withAttemptMiddleware(attempt)],
      ),
    );
    await client.chat({ messages: [{ role: 'user', content: 'x' }], tags: { key: 'k1' } });
    expect(seen).toEqual(['try:k1', 'error:overloaded', 'try:k1', 'cost:0.003']);
  });
});
