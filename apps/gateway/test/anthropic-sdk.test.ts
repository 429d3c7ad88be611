import Anthropic from '@anthropic-ai/sdk';
import { defaultCatalog } from '@llm/catalog';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGatewayWithFakeVendors } from './gateway-with-fake-vendors.js';

/** The built gateway driven by the official `@anthropic-ai/sdk` through `POST /v1/messages`. */
describe('the gateway through the Anthropic SDK', () => {
  const setup = useGatewayWithFakeVendors({
    config: `
defaults:
  retry: { maxRetries: 0 }
  circuitBreaker: { enabled: false }
  timeouts: { firstChunk: 10s, idle: 10s }
models:
  claude: anthropic:claude-haiku-4-5
`,
  });
  let client: Anthropic;
  beforeAll(() => {
    client = setup.anthropicClient();
  });

  it('answers a message with content, stop reason, usage and cost', async () => {
    setup.anthropic.enqueue({ kind: 'text', text: 'Hello!', usage: { inputTokens: 1000, outputTokens: 100 } });
    // `temperature` is no longer in the SDK's types; the API (and the gateway) still take it.
    const params = { model: 'claude', max_tokens: 64, system: 'Be nice.', messages: [{ role: 'user', content: 'Hi' }], stop_sequences: ['###'], temperature: 0.5 };
    const message = await client.messages.create(params as Anthropic.MessageCreateParamsNonStreaming);
    expect(message.type).toBe('message');
    expect(message.model).toBe('claude');
    expect(message.content).toEqual([{ type: 'text', text: 'Hello!' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 1000, output_tokens: 100 });
    // claude-haiku-4-5: $1 in / $5 out per million tokens.
    expect((message.usage as unknown as { cost: number }).cost).toBeCloseTo(0.0015, 10);
    expect(setup.anthropic.lastRequest()).toMatchObject({ model: 'claude-haiku-4-5', system: 'Be nice.', maxTokens: 64, temperature: 0.5, stop: ['###'] });
  });

  it('streams the Messages events the SDK assembles into the final message', async () => {
    setup.anthropic.enqueue({ kind: 'text', text: 'one two three', usage: { inputTokens: 20, outputTokens: 3 } });
    const stream = client.messages.stream({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'count' }] });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const final = await stream.finalMessage();
    expect(deltas).toEqual(['one ', 'two ', 'three']);
    expect(final.content).toMatchObject([{ type: 'text', text: 'one two three' }]);
    expect(final.content).toHaveLength(1);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({ input_tokens: 20, output_tokens: 3 });
  });

  const weather: Anthropic.Tool = {
    name: 'get_weather',
    description: 'Weather in a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };

  it('returns tool_use blocks, streamed or not, and takes tool results back', async () => {
    setup.anthropic.enqueue({ kind: 'tool-calls', calls: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const asked = await client.messages.create({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'weather?' }], tools: [weather], tool_choice: { type: 'any' } });
    expect(asked.stop_reason).toBe('tool_use');
    expect(asked.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }]);
    const sent = setup.anthropic.lastRequest().body as { tools: Array<{ input_schema: unknown }>; tool_choice: unknown };
    expect(sent.tools[0]!.input_schema).toEqual(weather.input_schema);
    expect(sent.tool_choice).toMatchObject({ type: 'any' });

    setup.anthropic.enqueue({ kind: 'tool-calls', calls: [{ id: 'toolu_2', name: 'get_weather', arguments: { city: 'Rome' } }] });
    const streamed = await client.messages.stream({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'weather?' }], tools: [weather] }).finalMessage();
    expect(streamed.content).toEqual([{ type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } }]);

    setup.anthropic.enqueue({ kind: 'text', text: 'Sunny.' });
    const next = await client.messages.create({
      model: 'claude',
      max_tokens: 64,
      tools: [weather],
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: asked.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '{"sky":"sunny"}' }] },
      ],
    });
    expect(next.content).toEqual([{ type: 'text', text: 'Sunny.' }]);
    expect(setup.anthropic.lastRequest().toolResults).toEqual([{ toolCallId: 'toolu_1', content: '{"sky":"sunny"}' }]);
  });

  it('passes a structured-output schema on (output_config.format)', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    setup.anthropic.enqueue({ kind: 'text', text: '{"answer":"42"}' });
    const message = await client.messages.create({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'q' }], output_config: { format: { type: 'json_schema', schema } } });
    expect(message.content).toEqual([{ type: 'text', text: '{"answer":"42"}' }]);
    expect(setup.anthropic.lastRequest().responseSchema).toEqual(schema);
  });

  it('serves an OpenAI model in Anthropic’s format, streamed', async () => {
    setup.openai.enqueue({ kind: 'tool-calls', text: 'Let me check.', calls: [{ id: 'call_7', name: 'get_weather', arguments: { city: 'Lima' } }] });
    const final = await client.messages.stream({ model: 'openai:gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: 'weather?' }], tools: [weather] }).finalMessage();
    expect(final.content).toMatchObject([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_7', name: 'get_weather', input: { city: 'Lima' } },
    ]);
    expect(final.stop_reason).toBe('tool_use');
    expect(setup.openai.lastRequest()).toMatchObject({ model: 'gpt-4o-mini', maxTokens: 64, toolNames: ['get_weather'] });
  });

  it('refuses an invalid request with 400 naming the fields', async () => {
    const err = await client.messages.create({ model: 'claude', messages: [{ role: 'user', content: 'x' }], temperature: 3 } as unknown as Anthropic.MessageCreateParamsNonStreaming).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toContain('max_tokens');
    expect((err as Error).message).toContain('temperature');
    expect(((err as InstanceType<typeof Anthropic.APIError>).error as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('maps upstream failures to Anthropic’s errors', async () => {
    setup.anthropic.enqueue({ kind: 'error', error: 'overloaded' });
    const overloaded = (await client.messages.create({ model: 'claude', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(overloaded.status).toBe(503);
    expect((overloaded.error as { error: { type: string } }).error.type).toBe('overloaded_error');

    setup.anthropic.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 4 });
    const limited = (await client.messages.create({ model: 'claude', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.headers?.get('retry-after-ms')).toBe('4000');
  });

  it('ends a stream cut after content with an error event, never message_stop', async () => {
    setup.anthropic.enqueue({ kind: 'text', text: 'a b c d e f g', fault: { kind: 'cut', afterChunks: 5 } });
    const res = await fetch(`${setup.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('event: content_block_delta');
    expect(text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]*"\}\}\n\n$/);
    expect(text).not.toContain('message_stop');
    expect(text).not.toContain('message_delta');

    setup.anthropic.enqueue({ kind: 'text', text: 'a b c d e f g', fault: { kind: 'cut', afterChunks: 5 } });
    const err = await client.messages.stream({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'x' }] }).finalMessage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
  });

  it('lists models in Anthropic’s format', async () => {
    const page = await client.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids[0]).toBe('claude');
    expect(ids).toContain('openai:gpt-4o-mini');
    expect(page.data[0]!.type).toBe('model');
    // The catalog's name and release date for a vendor model.
    const mini = page.data.find((m) => m.id === 'openai:gpt-4o-mini')!;
    const record = defaultCatalog().require('openai:gpt-4o-mini');
    expect(mini.display_name).toBe(record.displayName);
    expect(mini.created_at).toBe(new Date(record.releaseDate!).toISOString());
  });
});
