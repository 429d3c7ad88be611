import { defaultCatalog } from '@llm/catalog';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGatewayWithFakeVendors } from './gateway-with-fake-vendors.js';

/**
 * The built gateway in front of the fake OpenAI and Anthropic servers, driven by the official
 * `openai` SDK as an application would (SDK retries off, so each reply is the gateway's own).
 */
const FINE_TUNED = 'ft:gpt-4o-mini-2024-07-18:acme::a1b2c3';

describe('the gateway through the openai SDK', () => {
  const setup = useGatewayWithFakeVendors({
    // A fine-tuned model: the vendor lists it, the catalog cannot know it.
    openai: { models: ['gpt-4o-mini', 'gpt-4o', 'o4-mini', FINE_TUNED] },
    config: `
providers:
  openai: {}
  anthropic: {}
defaults:
  retry: { maxRetries: 0 }
  circuitBreaker: { enabled: false }
  timeout: 20s
  timeouts: { firstChunk: 10s, idle: 10s }
models:
  fast: openai:gpt-4o-mini
  smart:
    fallback: [openai:gpt-4o, anthropic:claude-haiku-4-5]
`,
  });
  let client: OpenAI;
  beforeAll(() => {
    client = setup.openaiClient();
  });

  it('answers a chat with the text, the usage and its cost, and sends the settings on', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'Paris.', usage: { inputTokens: 1000, outputTokens: 500 } });
    const reply = await client.chat.completions.create({
      model: 'fast',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
      ],
      max_tokens: 50,
      temperature: 0.2,
      stop: ['END'],
    });
    expect(reply.object).toBe('chat.completion');
    expect(reply.model).toBe('fast');
    expect(reply.choices[0]!.message.content).toBe('Paris.');
    expect(reply.choices[0]!.finish_reason).toBe('stop');
    // gpt-4o-mini: $0.15 in / $0.60 out per million tokens.
    expect(reply.usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, cost: 0.00045 });
    const seen = setup.openai.lastRequest();
    expect(seen).toMatchObject({ model: 'gpt-4o-mini', roles: ['system', 'user'], system: 'Be brief.', maxTokens: 50, temperature: 0.2, stop: ['END'] });
    expect(seen.apiKey).toBe(setup.openai.apiKey);
  });

  it('streams chunks as they come, with usage and cost in the final chunk, and ends cleanly', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'one two three', usage: { inputTokens: 2000, outputTokens: 1000 } });
    const stream = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'count' }], stream: true, stream_options: { include_usage: true } });
    const texts: string[] = [];
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      const delta = chunk.choices[0]?.delta.content;
      if (delta) texts.push(delta);
    }
    expect(texts.join('')).toBe('one two three');
    expect(texts.length).toBe(3);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks[chunks.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 2000, completion_tokens: 1000, cost: 0.0009 });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('sends no usage chunk when the client did not ask for one', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'hi there' });
    const stream = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.usage == null)).toBe(true);
    expect(chunks[chunks.length - 1]!.choices[0]!.finish_reason).toBe('stop');
  });

  const weather: OpenAI.ChatCompletionTool = {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string', minLength: 1 }, unit: { enum: ['c', 'f'] } }, required: ['city'], additionalProperties: false },
    },
  };

  it('passes tools on exactly as the client wrote them and returns the calls', async () => {
    setup.openai.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }, { id: 'call_2', name: 'get_weather', arguments: { city: 'Rome' } }] });
    const reply = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'weather?' }], tools: [weather], tool_choice: 'required' });
    const calls = reply.choices[0]!.message.tool_calls!;
    expect(reply.choices[0]!.finish_reason).toBe('tool_calls');
    expect(reply.choices[0]!.message.content).toBeNull();
    expect(calls.map((c) => c.type === 'function' && [c.id, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['call_1', 'get_weather', { city: 'Oslo' }],
      ['call_2', 'get_weather', { city: 'Rome' }],
    ]);
    const body = setup.openai.lastRequest().body as { tools: Array<{ function: { parameters: unknown } }>; tool_choice: unknown };
    expect(body.tools[0]!.function.parameters).toEqual(weather.function.parameters);
    expect(body.tool_choice).toBe('required');
  });

  it('streams tool-call fragments that the SDK assembles, and takes the results back', async () => {
    setup.openai.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_9', name: 'get_weather', arguments: { city: 'Lima', unit: 'c' } }] });
    const runner = client.chat.completions.stream({ model: 'fast', messages: [{ role: 'user', content: 'weather?' }], tools: [weather] });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && [call.id, call.function.name, JSON.parse(call.function.arguments)]).toEqual(['call_9', 'get_weather', { city: 'Lima', unit: 'c' }]);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');

    setup.openai.enqueue({ kind: 'text', text: 'Sunny in Lima.' });
    const next = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'weather?' }, final.choices[0]!.message, { role: 'tool', tool_call_id: 'call_9', content: '{"sky":"sunny"}' }],
      tools: [weather],
    });
    expect(next.choices[0]!.message.content).toBe('Sunny in Lima.');
    expect(setup.openai.lastRequest().toolResults).toEqual([{ toolCallId: 'call_9', content: '{"sky":"sunny"}' }]);
    expect(setup.openai.lastRequest().roles).toEqual(['user', 'assistant', 'tool']);
  });

  it('passes a JSON schema for structured output on and returns the JSON', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false };
    setup.openai.enqueue({ kind: 'text', text: '{"city":"Oslo","population":709000}' });
    const reply = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'Largest city of Norway?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'city', schema, strict: true } },
    });
    expect(JSON.parse(reply.choices[0]!.message.content!)).toEqual({ city: 'Oslo', population: 709000 });
    expect(setup.openai.lastRequest().responseSchema).toEqual(schema);
  });

  it('serves any vendor in this format: an Anthropic model through the OpenAI endpoint', async () => {
    setup.anthropic.enqueue({ kind: 'text', text: 'Bonjour', usage: { inputTokens: 100, outputTokens: 10 } });
    const reply = await client.chat.completions.create({ model: 'anthropic:claude-haiku-4-5', messages: [{ role: 'user', content: 'Say hi in French' }], max_tokens: 20 });
    expect(reply.choices[0]!.message.content).toBe('Bonjour');
    expect(reply.usage?.prompt_tokens).toBe(100);
    expect((reply.usage as unknown as { cost: number }).cost).toBeGreaterThan(0);
    expect(setup.anthropic.lastRequest()).toMatchObject({ model: 'claude-haiku-4-5', maxTokens: 20 });
  });

  it('refuses an invalid request with 400 naming every bad field, before any vendor is called', async () => {
    const err = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'x' }], temperature: 7, n: 2, logprobs: true, bogus: 1 } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    for (const field of ['temperature', 'n', 'logprobs', 'bogus']) expect(e.message).toContain(field);
    expect((e.error as { type: string }).type).toBe('invalid_request_error');
    expect(setup.openai.requests).toHaveLength(0);
  });

  it('answers 404 for an unknown model', async () => {
    const err = await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('lists the models it serves: public names, then each vendor\'s catalog models with their facts, then what only the vendor lists', async () => {
    const models: Array<Record<string, unknown>> = [];
    for await (const model of client.models.list()) models.push(model as unknown as Record<string, unknown>);
    const ids = models.map((m) => m.id as string);
    const catalog = defaultCatalog();
    const served = (provider: string) => catalog.find({ provider, status: ['active', 'preview'] }).map((r) => r.id);
    const anthropicListed = ['claude-sonnet-4-6', 'claude-opus-4-8', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929'].map((m) => `anthropic:${m}`);
    const expectedIds = [
      'fast',
      'smart',
      ...served('openai'),
      `openai:${FINE_TUNED}`,
      ...served('anthropic'),
      ...anthropicListed.filter((id) => !served('anthropic').includes(catalog.get(id)?.id ?? id)),
    ];
    expect(served('openai').length).toBeGreaterThan(20);
    expect(ids).toEqual(expectedIds);
    const mini = catalog.require('openai:gpt-4o-mini');
    const expected = {
      id: mini.id,
      object: 'model',
      owned_by: 'openai',
      context_window: mini.limits.context,
      max_output_tokens: mini.limits.output,
      pricing: { unit: 'USD per 1M tokens', input: mini.prices.input, output: mini.prices.output, cached_input: mini.prices.cachedInput },
      status: 'active',
    };
    expect(models.find((m) => m.id === mini.id)).toMatchObject(expected);
    expect(models.find((m) => m.id === mini.id)!.capabilities).toContain('toolCalling');
    expect(await client.models.retrieve(mini.id)).toMatchObject(expected);
    expect((await client.models.retrieve('fast')).id).toBe('fast');
    const fineTuned = await client.models.retrieve(`openai:${FINE_TUNED}`);
    expect(fineTuned).toMatchObject({ id: `openai:${FINE_TUNED}`, owned_by: 'system' });
    expect(fineTuned).not.toHaveProperty('context_window');
  });
});
