import { coreModule, LLM_TYPES, resolveClientFromContainer, toAssistantMessage, type ChatModel } from '@llm/core';
import { startFakeAnthropicServer, type FakeServer } from '@llm/mocks';
import { defineTool, type StreamEvent } from '@llm/schema';
import { Container } from 'inversify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '@llm/mocks/conformance';
import { z } from 'zod';
import { anthropicModule, createAnthropic } from './anthropic-factory.js';
import { createAnthropicProvider } from './anthropic-provider.js';

type Json = Record<string, unknown>;

let server: FakeServer;
let model: ChatModel;
let toolModel: ChatModel;

beforeAll(async () => {
  server = await startFakeAnthropicServer({
    // Scripts a cache write next to the scenario's cache read.
    usage: (u) => ({
      input_tokens: u.inputTokens - (u.cachedInputTokens ?? 0),
      cache_read_input_tokens: u.cachedInputTokens ?? 0,
      cache_creation_input_tokens: u.cachedInputTokens ? 30 : 0,
      output_tokens: u.outputTokens,
      ...(u.reasoningTokens !== undefined ? { output_tokens_details: { thinking_tokens: u.reasoningTokens } } : {}),
    }),
  });
  model = createAnthropicProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('claude-haiku-4-5');
  toolModel = createAnthropicProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, structuredOutput: 'tool' }).chatModel('claude-3-5-haiku-latest');
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function collect<T>(stream: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const events: StreamEvent<T>[] = [];
  for await (const e of stream) events.push(e);
  return events;
}


const weather = defineTool({ name: 'get_weather', description: 'Weather in a city', parameters: z.object({ city: z.string() }) });

describe('the request the SDK sends', () => {
  it('puts the system prompt at the top, merges same-role turns, sends tool results as one user turn and a default max_tokens', async () => {
    server.enqueue({ kind: 'text', text: 'Both done.' });
    await model.chat({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather in Oslo and Rome?' },
        {
          role: 'assistant',
          content: null,
          toolCalls: [
            { id: 'toolu_a', name: 'get_weather', arguments: { city: 'Oslo' } },
            { id: 'toolu_b', name: 'get_weather', arguments: { city: 'Rome' } },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_a', content: { c: 3 } },
        { role: 'tool', toolCallId: 'toolu_b', content: 'sunny, 21C' },
      ],
      tools: [weather],
      toolChoice: 'auto',
    });
    const seen = server.lastRequest();
    const body = seen.body as Json;
    expect(body.system).toBe('You are terse.');
    expect(seen.roles).toEqual(['user', 'assistant', 'user']);
    expect(body.max_tokens).toBe(16384);
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(body.tools).toEqual([{ name: 'get_weather', description: 'Weather in a city', input_schema: expect.objectContaining({ type: 'object' }) }]);
    const messages = body.messages as Json[];
    expect(messages[1]!.content).toEqual([
      { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'toolu_b', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_a', content: '{"c":3}' },
      { type: 'tool_result', tool_use_id: 'toolu_b', content: 'sunny, 21C' },
    ]);
    expect(seen.toolResults).toEqual([
      { toolCallId: 'toolu_a', content: '{"c":3}' },
      { toolCallId: 'toolu_b', content: 'sunny, 21C' },
    ]);
    expect(body).not.toHaveProperty('temperature');
  });

  it('sends the key and never the stream flag on a plain chat', async () => {
    server.enqueue({ kind: 'text', text: 'ok' });
    await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.lastRequest().apiKey).toBe(server.apiKey);
    expect(server.lastRequest().stream).toBe(false);
  });
});

describe('responses', () => {
  it('keeps thinking out of the answer text, in chat and in a stream', async () => {
    const thinking = 'The user greets me. I should greet back.';
    server.enqueue({ kind: 'text', text: 'Hello there!', reasoning: thinking, usage: { inputTokens: 20, outputTokens: 40, reasoningTokens: 25 } });
    const r = await model.chat({ messages: [{ role: 'user', content: 'hi' }], providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 } } } });
    expect(r.text).toBe('Hello there!');
    expect(r.reasoning).toBe(thinking);
    expect(r.usage.reasoningTokens).toBe(25);
    expect(r.providerMetadata?.thinkingSignature).toEqual(expect.any(String));
    expect((server.lastRequest().body as Json).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(server.lastRequest().maxTokens).toBe(16384 + 1024);

    server.enqueue({ kind: 'text', text: 'Hello there!', reasoning: thinking });
    const events = await collect(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }));
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    const reasoning = events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : [])).join('');
    expect(text).toBe('Hello there!');
    expect(reasoning).toBe(thinking);
    const last = events[events.length - 1]!;
    expect(last.type === 'finish' && last.response.reasoning).toBe(thinking);
    expect(last.type === 'finish' && last.response.text).toBe('Hello there!');
  });

  it('extended thinking with tools: the signed thinking comes back with the turn (toAssistantMessage), in chat and in a stream', async () => {
    const thinking = { anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 } } };
    const weather = defineTool({ name: 'get_weather', description: 'Weather for a city', parameters: z.object({ city: z.string() }) });
    const ask = { role: 'user' as const, content: 'Weather in Paris?' };
    for (const streamed of [false, true]) {
      server.reset();
      server.enqueue({ kind: 'tool-calls', reasoning: 'I need the weather tool.', calls: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
      server.enqueue({ kind: 'text', text: 'It is sunny in Paris.' });
      const first = { messages: [ask], tools: [weather], providerOptions: thinking };
      const r = streamed ? await model.streamChat(first).response : await model.chat(first);
      expect(r.reasoning).toBe('I need the weather tool.');
      expect(r.reasoningParts).toEqual([{ type: 'reasoning', text: 'I need the weather tool.', signature: expect.stringMatching(/^Ev/) }]);
      const turn = toAssistantMessage(r);
      expect(turn).toMatchObject({ role: 'assistant', toolCalls: [{ id: 'toolu_1', name: 'get_weather' }], reasoning: r.reasoningParts });
      const result = { role: 'tool' as const, toolCallId: 'toolu_1', content: { sky: 'sunny' } };
      const next = { messages: [ask, turn, result], tools: [weather], providerOptions: thinking };
      const answer = streamed ? await model.streamChat(next).response : await model.chat(next);
      expect(answer.text).toBe('It is sunny in Paris.');
      // The signed block went back unchanged, first in the assistant turn.
      const sent = (server.lastRequest().body as Json).messages as Json[];
      expect((sent[1]!.content as Json[]).map((b) => b.type)).toEqual(['thinking', 'tool_use']);
      expect((sent[1]!.content as Json[])[0]).toEqual({ type: 'thinking', thinking: 'I need the weather tool.', signature: r.reasoningParts![0]!.type === 'reasoning' ? r.reasoningParts![0]!.signature : '' });
    }
  });

  it('extended thinking with tools: a turn sent back without its thinking, or with it altered, is refused as the API does', async () => {
    const thinking = { anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 } } };
    const weather = defineTool({ name: 'get_weather', description: 'Weather for a city', parameters: z.object({ city: z.string() }) });
    const ask = { role: 'user' as const, content: 'Weather in Paris?' };
    server.enqueue({ kind: 'tool-calls', reasoning: 'I need the weather tool.', calls: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const r = await model.chat({ messages: [ask], tools: [weather], providerOptions: thinking });
    const result = { role: 'tool' as const, toolCallId: 'toolu_1', content: 'sunny' };
    const bare = { role: 'assistant' as const, toolCalls: r.toolCalls };
    const refused = await failure(model.chat({ messages: [ask, bare, result], tools: [weather], providerOptions: thinking }));
    expect(refused.code).toBe('invalid_request');
    expect(refused.message).toMatch(/Expected `thinking` or `redacted_thinking`, but found `tool_use`/);
    const altered = { ...bare, reasoning: [{ type: 'reasoning' as const, text: 'something else', signature: (r.reasoningParts![0] as { signature: string }).signature }] };
    expect((await failure(model.chat({ messages: [ask, altered, result], tools: [weather], providerOptions: thinking }))).message).toMatch(/Invalid `signature`/);
  });

  it('sends a redacted thinking block back as it came, and leaves out reasoning without a signature (not Anthropic’s)', async () => {
    server.enqueue({ kind: 'text', text: 'ok' });
    await model.chat({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello', reasoning: [{ type: 'redacted-reasoning', data: 'EmwKAhgBEgy3va3pzix' }, { type: 'reasoning', text: 'from another vendor' }] },
        { role: 'user', content: 'and?' },
      ],
    });
    const sent = (server.lastRequest().body as Json).messages as Json[];
    expect(sent[1]!.content).toEqual([{ type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' }, { type: 'text', text: 'hello' }]);
  });

  it('reports cache reads and writes in usage, from JSON and from a stream (message_start + message_delta)', async () => {
    const usage = { inputTokens: 500, outputTokens: 12, cachedInputTokens: 400 };
    server.enqueue({ kind: 'text', text: 'cached', usage });
    const r = await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
    // input_tokens 100 + cache reads 400 + cache writes 30
    expect(r.usage).toEqual({ inputTokens: 530, outputTokens: 12, totalTokens: 542, cachedInputTokens: 400, cacheWriteTokens: 30 });

    server.enqueue({ kind: 'text', text: 'cached stream', usage });
    const events = await collect(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }));
    const usages = events.flatMap((e) => (e.type === 'usage' ? [e.usage] : []));
    expect(usages).toEqual([{ inputTokens: 530, outputTokens: 12, totalTokens: 542, cachedInputTokens: 400, cacheWriteTokens: 30 }]);
  });

  it('numbers streamed tool calls from 0 even when a text block comes first', async () => {
    server.enqueue({
      kind: 'tool-calls',
      text: 'Let me look.',
      calls: [
        { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Oslo' } },
        { id: 'toolu_2', name: 'get_weather', arguments: { city: 'Rome' } },
      ],
    });
    const events = await collect(model.streamChat({ messages: [{ role: 'user', content: 'weather?' }], tools: [weather] }));
    const deltas = events.filter((e) => e.type === 'tool-call-delta');
    expect([...new Set(deltas.map((d) => d.index))]).toEqual([0, 1]);
    expect(deltas[0]).toMatchObject({ index: 0, id: 'toolu_1', name: 'get_weather' });
    const last = events[events.length - 1]!;
    if (last.type !== 'finish') throw new Error('no finish');
    expect(last.response.text).toBe('Let me look.');
    expect(last.response.toolCalls).toEqual([
      { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Oslo' } },
      { id: 'toolu_2', name: 'get_weather', arguments: { city: 'Rome' } },
    ]);
    expect(last.response.rawFinishReason).toBe('tool_use');
  });

  it('keeps the request id of the reply', async () => {
    server.enqueue({ kind: 'text', text: 'ok' });
    const r = await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(r.requestId).toMatch(/^req_/);
    server.enqueue({ kind: 'text', text: 'ok' });
    expect((await model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }).response).requestId).toMatch(/^req_/);
  });
});

describe('structured output', () => {
  const Person = z.object({ name: z.string(), age: z.number() });

  it('sends the schema as output_config.format natively', async () => {
    server.enqueue({ kind: 'text', text: '{"name":"Ada","age":36}' });
    const r = await model.chat({ messages: [{ role: 'user', content: 'Ada' }], output: Person });
    expect(r.object).toEqual({ name: 'Ada', age: 36 });
    expect((server.lastRequest().body as Json).output_config).toMatchObject({ format: { type: 'json_schema', schema: { type: 'object' } } });
  });

  it('in tool mode, forces json_output and turns its input into the reply, in chat and in a stream', async () => {
    server.enqueue({ kind: 'text', text: '{"name":"Ada","age":36}' });
    const r = await toolModel.chat({ messages: [{ role: 'user', content: 'Ada' }], output: Person });
    expect(r.object).toEqual({ name: 'Ada', age: 36 });
    expect(r.finishReason).toBe('stop');
    expect(r.toolCalls).toEqual([]);
    const seen = server.lastRequest();
    expect((seen.body as Json).tool_choice).toEqual({ type: 'tool', name: 'json_output' });
    expect(seen.responseSchema).toMatchObject({ type: 'object', properties: { name: { type: 'string' } } });
    expect(seen.toolNames).toEqual([]);

    server.enqueue({ kind: 'text', text: '{"name":"Alan","age":41}' });
    const events = await collect(toolModel.streamChat({ messages: [{ role: 'user', content: 'Alan' }], output: Person }));
    expect(events.some((e) => e.type === 'tool-call-delta' || e.type === 'tool-call')).toBe(false);
    const last = events[events.length - 1]!;
    expect(last.type === 'finish' && last.response.object).toEqual({ name: 'Alan', age: 41 });
    expect(last.type === 'finish' && last.finishReason).toBe('stop');
  });
});

describe('errors', () => {
  it('maps 529 overloaded_error to a retryable overloaded with the request id', async () => {
    server.enqueue({ kind: 'error', error: 'overloaded' });
    const err = await failure(model.chat({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(err).toMatchObject({ code: 'overloaded', status: 529, retryable: true });
    expect(err.requestId).toMatch(/^req_/);
  });

  it('maps "prompt is too long" to context_length_exceeded', async () => {
    server.enqueue({ kind: 'error', error: 'context_length_exceeded' });
    const err = await failure(model.chat({ messages: [{ role: 'user', content: 'a very long prompt' }] }));
    expect(err).toMatchObject({ code: 'context_length_exceeded', status: 400, retryable: false });
  });

  it('maps a low credit balance to quota_exceeded', async () => {
    server.enqueue({ kind: 'error', error: 'quota_exceeded' });
    const err = await failure(model.chat({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(err).toMatchObject({ code: 'quota_exceeded', retryable: false });
  });

  it('reads retry-after and the anthropic-ratelimit headers of a 429', async () => {
    server.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 3 });
    const err = await failure(model.chat({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 3000 });
    expect(err.details?.rateLimit).toMatchObject({ requests: { limit: 50, remaining: 0 }, tokens: { limit: 80000 } });
  });

  it('reports the usage of a stream that an error event ends', async () => {
    server.enqueue({ kind: 'stream-error', afterText: 'partial', error: 'overloaded' });
    const events: StreamEvent[] = [];
    const err = await failure(
      (async () => {
        for await (const e of model.streamChat({ messages: [{ role: 'user', content: 'hi' }] })) events.push(e);
      })(),
    );
    expect(err.code).toBe('overloaded');
    expect(events.find((e) => e.type === 'usage')).toMatchObject({ usage: { inputTokens: 11 } });
  });

  it('ends a stream with a broken event as malformed_response', async () => {
    server.enqueue({ kind: 'text', text: 'a b c d e f', fault: { kind: 'malformed-json' } });
    const err = await failure(collect(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] })));
    expect(err.code).toBe('malformed_response');
  });

  it('refuses settings the API does not have before sending anything', async () => {
    const err = await failure(model.chat({ messages: [{ role: 'user', content: 'hi' }], seed: 7 }));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toMatch(/seed/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('provider, factory and module', () => {
  it('lists models as ModelInfo', async () => {
    const models = await createAnthropicProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).listModels();
    expect(models.map((m) => m.id)).toContain('claude-sonnet-4-6');
    expect(models[0]).toMatchObject({ provider: 'anthropic', contextWindow: 200000, maxOutputTokens: 64000, displayName: expect.any(String), created: expect.any(Number) });
  });

  it('needs a key, from settings or ANTHROPIC_API_KEY', () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      expect(() => createAnthropicProvider({ baseUrl: server.baseUrl })).toThrow(/ANTHROPIC_API_KEY/);
      process.env.ANTHROPIC_API_KEY = server.apiKey;
      expect(createAnthropicProvider({ baseUrl: server.baseUrl }).name).toBe('anthropic');
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('createAnthropic builds a client that talks to the API', async () => {
    const client = createAnthropic({ apiKey: server.apiKey, baseUrl: server.baseUrl, model: 'claude-sonnet-4-6', logging: { level: 'silent' } });
    expect(client.provider).toBe('anthropic');
    server.enqueue({ kind: 'text', text: 'from the client' });
    expect((await client.chat({ messages: [{ role: 'user', content: 'hi' }] })).text).toBe('from the client');
    expect(server.lastRequest().model).toBe('claude-sonnet-4-6');
    expect((await client.checkHealth()).status).toBe('healthy');
  });

  it('anthropicModule registers the provider with a container', async () => {
    const container = new Container();
    await container.load(coreModule({ defaults: { apiKey: server.apiKey, baseUrl: server.baseUrl, logging: { level: 'silent' } } }), anthropicModule());
    expect(container.getAll(LLM_TYPES.ProviderFactory).map((f) => f.name)).toEqual(['anthropic']);
    const client = resolveClientFromContainer(container, 'anthropic:claude-opus-4-8');
    server.enqueue({ kind: 'text', text: 'from the container' });
    expect((await client.chat({ messages: [{ role: 'user', content: 'hi' }] })).text).toBe('from the container');
    expect(server.lastRequest().model).toBe('claude-opus-4-8');
  });
});
