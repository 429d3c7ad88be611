import { isLLMError, type LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { createChatModel, type Provider, type ChatTransport, type TransportRequest, type TransportStreamPart } from '../model/index.js';
import { createClient, resolveSetup, withLogLevel, withMiddleware } from '../client/index.js';
import type { ProviderFactory } from '../di/index.js';
import { wrapChatModel } from '../middleware/index.js';
import { applyFamilyDefaults, createModelCatalog, defineModelFamily, type ModelFamilyDefinition } from './model-family.js';

interface Seen {
  provider: string;
  modelId: string;
  request: TransportRequest;
}

/** A vendor in memory: its transport records which model got which request (core cannot use @llm/mocks). */
function fakeVendor(name: string, seen: Seen[]): { factory: ProviderFactory; provider: Provider } {
  const transport = (modelId: string): ChatTransport => ({
    provider: name,
    modelId,
    async doChat(request) {
      seen.push({ provider: name, modelId, request });
      return { id: 'r1', model: modelId, text: `${name} says hi`, toolCalls: [], finishReason: 'stop', usage: { inputTokens: 2, outputTokens: 3, totalTokens: 5 } };
    },
    async *doStream(request): AsyncGenerator<TransportStreamPart> {
      seen.push({ provider: name, modelId, request });
      yield { type: 'metadata', id: 'r1', model: modelId };
      yield { type: 'text-delta', text: `${name} streams` };
      yield { type: 'usage', usage: { inputTokens: 2, outputTokens: 3, totalTokens: 5 } };
      yield { type: 'finish', finishReason: 'stop' };
    },
  });
  const provider: Provider = {
    name,
    chatModel: (modelId) => createChatModel(transport(modelId)),
    listModels: async () => [],
    checkHealth: async () => ({ provider: name, status: 'healthy', latencyMs: 0, checkedAt: new Date().toISOString() }),
  };
  const factory: ProviderFactory = {
    name,
    createClient: (config, ...options) => createClient(provider, resolveSetup({ ...config, provider: name }, [withLogLevel('silent'), ...options])),
  };
  return { factory, provider };
}

function thrown(fn: () => unknown): LLMError {
  try {
    fn();
  } catch (err) {
    expect(isLLMError(err)).toBe(true);
    return err as LLMError;
  }
  throw new Error('expected a throw');
}

const llamaDefinition: ModelFamilyDefinition = {
  name: 'llama-3.3-70b',
  defaults: { temperature: 0.2, maxTokens: 512, providerOptions: { openrouter: { transforms: ['middle-out'] } }, tags: { family: 'llama' } },
  providers: { groq: 'llama-3.3-70b-versatile', openrouter: 'meta-llama/llama-3.3-70b-instruct' },
};
const hi = [{ role: 'user' as const, content: 'hi' }];

describe('model families', () => {
  it('is a frozen plain value listing its vendors in order', () => {
    const llama = defineModelFamily(llamaDefinition);
    expect(llama.name).toBe('llama-3.3-70b');
    expect(llama.providerNames).toEqual(['groq', 'openrouter']);
    expect(llama.modelId('openrouter')).toBe('meta-llama/llama-3.3-70b-instruct');
    expect(llama.servedBy('anthropic')).toBe(false);
    expect(Object.isFrozen(llama)).toBe(true);
    expect(Object.isFrozen(llama.defaults)).toBe(true);
  });

  it('gives a client on the chosen vendor under its own model id, and switches vendor on demand', async () => {
    const seen: Seen[] = [];
    const groq = fakeVendor('groq', seen);
    const openrouter = fakeVendor('openrouter', seen);
    const llama = defineModelFamily(llamaDefinition);

    const onGroq = llama.withProvider(groq.factory);
    expect(onGroq.provider).toBe('groq');
    expect(onGroq.modelId).toBe('llama-3.3-70b-versatile');
    expect((await onGroq.chat({ messages: hi })).text).toBe('groq says hi');

    const onOpenRouter = llama.withProvider(openrouter.factory, { timeout: '5s' });
    expect((await onOpenRouter.streamChat({ messages: hi }).response).text).toBe('openrouter streams');
    expect(onOpenRouter.config.timeout).toBe(5000);
    expect(seen.map((s) => `${s.provider}:${s.modelId}`)).toEqual(['groq:llama-3.3-70b-versatile', 'openrouter:meta-llama/llama-3.3-70b-instruct']);
  });

  it('fills unset request fields from the family defaults; the caller’s explicit values win', async () => {
    const seen: Seen[] = [];
    const openrouter = fakeVendor('openrouter', seen);
    const client = defineModelFamily(llamaDefinition).withProvider(openrouter.factory);

    await client.chat({ messages: hi });
    expect(seen[0]!.request).toMatchObject({ temperature: 0.2, maxTokens: 512, providerOptions: { openrouter: { transforms: ['middle-out'] } } });

    await client.streamChat({ messages: hi, temperature: 0.9, providerOptions: { openrouter: { models: ['x/y'] }, groq: { a: 1 } } }).response;
    expect(seen[1]!.request.temperature).toBe(0.9);
    expect(seen[1]!.request.maxTokens).toBe(512);
    expect(seen[1]!.request.providerOptions).toEqual({ openrouter: { transforms: ['middle-out'], models: ['x/y'] }, groq: { a: 1 } });

    await client.complete({ prompt: 'plain', temperature: 0 });
    expect(seen[2]!.request.temperature).toBe(0);
    expect(seen[2]!.request.maxTokens).toBe(512);
  });

  it('applies the defaults outside the caller’s own middlewares, so they see the filled request', async () => {
    const seen: Seen[] = [];
    const groq = fakeVendor('groq', seen);
    const temperatures: Array<number | undefined> = [];
    const spy = withMiddleware((model) =>
      wrapChatModel(model, {
        chat: (request, options, next) => {
          temperatures.push(request.temperature);
          return next.chat(request, options);
        },
      }),
    );
    await defineModelFamily(llamaDefinition).withProvider(groq.factory, {}, spy).chat({ messages: hi });
    expect(temperatures).toEqual([0.2]);
  });

  it('does not change the caller’s request object', () => {
    const request = { messages: hi, tags: { user: 'u1' } };
    const filled = applyFamilyDefaults(request, { temperature: 0.1, tags: { family: 'llama' } });
    expect(filled).toMatchObject({ temperature: 0.1, tags: { family: 'llama', user: 'u1' } });
    expect(request).toEqual({ messages: hi, tags: { user: 'u1' } });
    expect(applyFamilyDefaults(request, {})).toBe(request);
  });

  it('resolves a vendor by name among bound factories, or picks the first vendor in the family’s order', async () => {
    const seen: Seen[] = [];
    const groq = fakeVendor('groq', seen);
    const openrouter = fakeVendor('openrouter', seen);
    const unbound = defineModelFamily(llamaDefinition);
    const noFactory = thrown(() => unbound.withProvider('groq'));
    expect(noFactory.code).toBe('configuration');
    expect(noFactory.message).toMatch(/no provider factory named "groq"/);

    const llama = unbound.withFactories(openrouter.factory, groq.factory);
    expect(unbound.factories).toHaveLength(0); // the original value is unchanged
    expect(llama.withProvider('openrouter').modelId).toBe('meta-llama/llama-3.3-70b-instruct');
    expect(llama.withProvider().provider).toBe('groq'); // groq is listed first by the family
    const onlyOpenRouter = unbound.withFactories(openrouter.factory);
    expect(onlyOpenRouter.withProvider().provider).toBe('openrouter');
  });

  it('refuses a vendor that does not serve the family, and a contradicting model', () => {
    const seen: Seen[] = [];
    const anthropic = fakeVendor('anthropic', seen);
    const groq = fakeVendor('groq', seen);
    const llama = defineModelFamily(llamaDefinition);
    const notServed = thrown(() => llama.withProvider(anthropic.factory));
    expect(notServed.code).toBe('configuration');
    expect(notServed.message).toMatch(/not served by "anthropic" \(served by: groq, openrouter\)/);
    const contradiction = thrown(() => llama.withProvider(groq.factory, { model: 'llama-3.1-8b-instant' }));
    expect(contradiction.code).toBe('configuration');
    expect(contradiction.message).toMatch(/llama-3.1-8b-instant/);
  });

  it('builds a bare model with the defaults on an existing Provider', async () => {
    const seen: Seen[] = [];
    const groq = fakeVendor('groq', seen);
    const model = defineModelFamily(llamaDefinition).chatModel(groq.provider);
    expect(model.modelId).toBe('llama-3.3-70b-versatile');
    await model.chat({ messages: hi });
    expect(seen[0]!.request.temperature).toBe(0.2);
  });

  it('rejects an invalid definition, naming each bad field', () => {
    const err = thrown(() =>
      defineModelFamily({ name: 'coder', providers: {}, defaults: { temperature: 5, temprature: 0.1 } as never }),
    );
    expect(err.code).toBe('configuration');
    expect(err.message).toMatch(/"coder"/);
    expect(err.message).toMatch(/providers/);
    expect(err.message).toMatch(/defaults\.temperature/);
    expect(err.message).toMatch(/temprature/);
  });
});

describe('model catalog', () => {
  it('looks families up by name and binds the factories it was given', async () => {
    const seen: Seen[] = [];
    const groq = fakeVendor('groq', seen);
    const openrouter = fakeVendor('openrouter', seen);
    const deepseek = defineModelFamily({ name: 'deepseek-r1', defaults: { temperature: 0.6 }, providers: { openrouter: 'deepseek/deepseek-r1', groq: 'deepseek-r1-distill-llama-70b' } });
    const catalog = createModelCatalog([defineModelFamily(llamaDefinition), deepseek], { factories: [groq.factory, openrouter.factory] });

    expect(catalog.families.map((f) => f.name)).toEqual(['llama-3.3-70b', 'deepseek-r1']);
    expect(catalog.servedBy('openrouter')).toHaveLength(2);
    expect(catalog.find('gpt-5')).toBeUndefined();
    const client = catalog.withProvider('deepseek-r1');
    expect(`${client.provider}:${client.modelId}`).toBe('openrouter:deepseek/deepseek-r1');
    await client.chat({ messages: hi });
    expect(seen[0]!.request.temperature).toBe(0.6);
    expect(catalog.withProvider('deepseek-r1', 'groq').modelId).toBe('deepseek-r1-distill-llama-70b');

    const missing = thrown(() => catalog.get('gpt-5'));
    expect(missing.code).toBe('configuration');
    expect(missing.message).toMatch(/known: llama-3.3-70b, deepseek-r1/);
  });

  it('refuses two families of the same name', () => {
    const a = defineModelFamily({ name: 'same', providers: { groq: 'x' } });
    const b = defineModelFamily({ name: 'same', providers: { openrouter: 'y' } });
    expect(thrown(() => createModelCatalog([a, b])).message).toMatch(/"same" is defined twice/);
  });
});

describe('model families: the edges', () => {
  it('a family without defaults adds no layer', () => {
    const seen: Seen[] = [];
    const groq = fakeVendor('groq', seen);
    const plain = defineModelFamily({ name: 'plain', providers: { groq: 'g-1' } });
    const model = groq.provider.chatModel('g-1');
    expect(plain.middleware()(model)).toBe(model);
  });

  it('names what is missing when no vendor of the family has a factory, or the config contradicts the factory', () => {
    const seen: Seen[] = [];
    const llama = defineModelFamily(llamaDefinition);
    expect(thrown(() => llama.withProvider()).message).toBe(
      'model family "llama-3.3-70b": none of its providers (groq, openrouter) has a provider factory bound (bound: none); pass one, e.g. family.withProvider(groqProviderFactory)',
    );
    const other = fakeVendor('anthropic', seen);
    expect(thrown(() => llama.withFactories(other.factory).withProvider()).message).toContain('(bound: anthropic)');
    expect(thrown(() => llama.withProvider('anthropic')).details).toEqual({ family: 'llama-3.3-70b', provider: 'anthropic' });
    const groq = fakeVendor('groq', seen);
    expect(thrown(() => llama.withProvider(groq.factory, { provider: 'openrouter' })).message).toBe(
      'model family "llama-3.3-70b": config.provider "openrouter" contradicts the provider factory "groq"',
    );
  });

  it('a factory bound again under the same name replaces the earlier one', async () => {
    const first: Seen[] = [];
    const second: Seen[] = [];
    const llama = defineModelFamily(llamaDefinition).withFactories(fakeVendor('groq', first).factory).withFactories(fakeVendor('groq', second).factory);
    expect(llama.factories).toHaveLength(1);
    await llama.withProvider('groq').chat({ messages: hi });
    expect([first.length, second.length]).toEqual([0, 1]);
  });

  it('fills a stream\'s request too', async () => {
    const seen: Seen[] = [];
    const model = defineModelFamily(llamaDefinition).chatModel(fakeVendor('groq', seen).provider);
    await model.streamChat({ messages: hi }).response;
    expect(seen[0]!.request).toMatchObject({ temperature: 0.2, maxTokens: 512 });
  });

  it('merges provider options per vendor and tags, the caller winning key by key', () => {
    const defaults = { providerOptions: { openrouter: { transforms: ['middle-out'], route: 'fallback' } }, tags: { family: 'llama', team: 'a' } };
    const request = { messages: hi, providerOptions: { openrouter: { route: 'direct' }, groq: { service_tier: 'flex' } }, tags: { team: 'b' } };
    expect(applyFamilyDefaults(request, defaults)).toMatchObject({
      providerOptions: { openrouter: { transforms: ['middle-out'], route: 'direct' }, groq: { service_tier: 'flex' } },
      tags: { family: 'llama', team: 'b' },
    });
    expect(applyFamilyDefaults({ messages: hi }, defaults)).toMatchObject({ providerOptions: defaults.providerOptions, tags: defaults.tags });
    const untouched = { messages: hi, temperature: 1 };
    expect(applyFamilyDefaults(untouched, { temperature: 0.2, maxTokens: undefined })).toBe(untouched);
  });
});
