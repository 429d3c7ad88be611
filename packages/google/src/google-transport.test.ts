import { toAssistantMessage, type ChatModel } from '@llm/core';
import { startFakeGoogleServer, type FakeServer } from '@llm/mocks';
import { defineTool, type Message, type StreamEvent } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '@llm/mocks/conformance';
import { z } from 'zod';
import { createGoogleProvider } from './google-provider.js';

type Json = Record<string, unknown>;

const weather = defineTool({ name: 'get_weather', description: 'Weather for a city', parameters: z.object({ city: z.string() }) });


async function collect<T>(stream: AsyncIterable<StreamEvent<T>>, into: StreamEvent<T>[] = []): Promise<StreamEvent<T>[]> {
  for await (const e of stream) into.push(e);
  return into;
}

describe('google transport against the fake Gemini server', () => {
  let server: FakeServer;
  let model: ChatModel;

  beforeAll(async () => {
    server = await startFakeGoogleServer();
    model = createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('gemini-2.0-flash');
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  describe('Gemini 3 thought signatures', () => {
    it('travel with the tool call, so another provider instance (another process) can send the history back, in chat and in a stream', async () => {
      for (const streamed of [false, true]) {
        const here = createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('gemini-3-pro-preview');
        const elsewhere = createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('gemini-3-pro-preview');
        server.enqueue({ kind: 'tool-calls', calls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
        const ask = { messages: [{ role: 'user' as const, content: 'Weather in Oslo?' }], tools: [weather] };
        const first = streamed ? await here.streamChat(ask).response : await here.chat(ask);
        const call = first.toolCalls[0]!;
        expect(call.signature).toEqual(expect.any(String));
        // The history as it would be stored and read back elsewhere: plain JSON.
        const history = JSON.parse(JSON.stringify([...ask.messages, toAssistantMessage(first), { role: 'tool', toolCallId: call.id, content: { temperature: 3 } }])) as Message[];
        server.enqueue({ kind: 'text', text: 'Cold.' });
        const next = { messages: history, tools: [weather] };
        expect((streamed ? await elsewhere.streamChat(next).response : await elsewhere.chat(next)).text).toBe('Cold.');
        const contents = (server.lastRequest().body as { contents: Array<{ parts: Json[] }> }).contents;
        expect(contents[1]!.parts[0]!.thoughtSignature).toBe(call.signature);
      }
    });

    it('a call sent back without its signature is refused as Gemini 3 does', async () => {
      const gemini3 = createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('gemini-3-pro-preview');
      const history: Message[] = [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', toolCallId: 'c1', content: 'cold' },
      ];
      const err = await failure(gemini3.chat({ messages: history, tools: [weather] }));
      expect(err.code).toBe('invalid_request');
      expect(err.message).toMatch(/missing a thought_signature/);
    });
  });

  describe('request mapping', () => {
    it('sends roles user/model, system messages as systemInstruction and the key in x-goog-api-key', async () => {
      server.enqueue({ kind: 'text', text: 'ok' });
      await model.chat({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello!' },
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' }] },
        ],
      });
      const seen = server.lastRequest();
      expect(seen.roles).toEqual(['user', 'model', 'user']);
      expect(seen.system).toBe('Be brief.\nAnswer in French.');
      expect(seen.path).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
      expect(seen.headers['x-goog-api-key']).toBe(server.apiKey);
      const body = seen.body as { contents: Array<{ parts: Json[] }> };
      expect(body.contents[2]!.parts).toEqual([{ text: 'Look:' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }]);
    });

    it('sends tools as functionDeclarations with parametersJsonSchema, toolChoice as functionCallingConfig', async () => {
      server.enqueue({ kind: 'text', text: 'ok' });
      await model.chat({ messages: [{ role: 'user', content: 'Weather?' }], tools: [weather], toolChoice: { type: 'tool', name: 'get_weather' } });
      const body = server.lastRequest().body as Json;
      const decl = (body.tools as Array<{ functionDeclarations: Json[] }>)[0]!.functionDeclarations[0]!;
      expect(decl).toMatchObject({ name: 'get_weather', description: 'Weather for a city', parametersJsonSchema: { type: 'object', required: ['city'] } });
      expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
    });

    it('asks for JSON through responseMimeType and responseJsonSchema, and passes providerOptions.google through', async () => {
      server.enqueue({ kind: 'text', text: '{"n":1}' });
      const r = await model.chat({
        messages: [{ role: 'user', content: 'n' }],
        output: z.object({ n: z.number() }),
        topP: 0.5,
        stop: 'END',
        providerOptions: { google: { thinkingConfig: { thinkingBudget: 128 } } },
      });
      expect(r.object).toEqual({ n: 1 });
      const config = (server.lastRequest().body as Json).generationConfig as Json;
      expect(config).toMatchObject({
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object', properties: { n: { type: 'number' } } },
        topP: 0.5,
        stopSequences: ['END'],
        thinkingConfig: { thinkingBudget: 128 },
      });
    });
  });

  describe('function calls and responses', () => {
    it('generates stable ids for calls without one and sends the results back as functionResponse parts by name', async () => {
      server.enqueue({
        kind: 'tool-calls',
        calls: [
          { name: 'get_weather', arguments: { city: 'Oslo' } },
          { name: 'get_weather', arguments: { city: 'Rome' } },
        ],
      });
      const first = await model.chat({ messages: [{ role: 'user', content: 'Oslo and Rome?' }], tools: [weather] });
      expect(first.finishReason).toBe('tool_calls');
      expect(first.rawFinishReason).toBe('STOP');
      const [a, b] = first.toolCalls;
      expect(a!.id).toBe(`gemini_call_${first.id}_0`);
      expect(b!.id).toBe(`gemini_call_${first.id}_1`);
      expect(a!.arguments).toEqual({ city: 'Oslo' });

      server.enqueue({ kind: 'text', text: 'Cold and warm.' });
      await model.chat({
        messages: [
          { role: 'user', content: 'Oslo and Rome?' },
          { role: 'assistant', content: null, toolCalls: first.toolCalls },
          // No name: found from the assistant's call by id.
          { role: 'tool', toolCallId: a!.id, content: { temperature: 3 } },
          { role: 'tool', toolCallId: b!.id, name: 'get_weather', content: 'sunny, 24°C' },
        ],
        tools: [weather],
      });
      const seen = server.lastRequest();
      expect(seen.roles).toEqual(['user', 'model', 'user']);
      const contents = (seen.body as { contents: Array<{ parts: Json[] }> }).contents;
      // Our own ids never go back to Gemini; the first call's thought signature does.
      expect(contents[1]!.parts[0]).toMatchObject({ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } });
      expect((contents[1]!.parts[0]!.functionCall as Json).id).toBeUndefined();
      expect(typeof contents[1]!.parts[0]!.thoughtSignature).toBe('string');
      expect(contents[1]!.parts[1]!.thoughtSignature).toBeUndefined();
      expect(contents[2]!.parts).toEqual([
        { functionResponse: { name: 'get_weather', response: { temperature: 3 } } },
        { functionResponse: { name: 'get_weather', response: { output: 'sunny, 24°C' } } },
      ]);
      expect(seen.toolResults).toEqual([
        { toolCallId: undefined, content: '{"temperature":3}' },
        { toolCallId: undefined, content: 'sunny, 24°C' },
      ]);
    });

    it("keeps Gemini's own call ids and sends them back", async () => {
      server.enqueue({ kind: 'tool-calls', calls: [{ id: 'fc_abc123', name: 'get_weather', arguments: { city: 'Oslo' } }] });
      const first = await model.chat({ messages: [{ role: 'user', content: 'Oslo?' }], tools: [weather] });
      expect(first.toolCalls[0]!.id).toBe('fc_abc123');
      server.enqueue({ kind: 'text', text: 'ok' });
      await model.chat({
        messages: [
          { role: 'user', content: 'Oslo?' },
          { role: 'assistant', content: null, toolCalls: first.toolCalls },
          { role: 'tool', toolCallId: 'fc_abc123', content: 'failed: no station', isError: true },
        ],
      });
      const contents = (server.lastRequest().body as { contents: Array<{ parts: Json[] }> }).contents;
      expect(contents[1]!.parts[0]!.functionCall).toMatchObject({ id: 'fc_abc123' });
      expect(contents[2]!.parts[0]).toEqual({ functionResponse: { id: 'fc_abc123', name: 'get_weather', response: { error: 'failed: no station' } } });
      expect(server.lastRequest().toolResults[0]!.toolCallId).toBe('fc_abc123');
    });

    it('rejects a tool result whose tool cannot be named, before any request', async () => {
      const err = await failure(model.chat({ messages: [{ role: 'user', content: 'x' }, { role: 'tool', toolCallId: 'nope', content: 'r' }] }));
      expect(err.code).toBe('invalid_request');
      expect(err.message).toMatch(/messages\[1\].*nope/);
      expect(server.requests).toHaveLength(0);
    });

    it('streams each whole function call as one delta with its JSON arguments, ids as in chat', async () => {
      server.enqueue({ kind: 'tool-calls', calls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
      const events = await collect(model.streamChat({ messages: [{ role: 'user', content: 'Paris?' }], tools: [weather] }));
      const deltas = events.filter((e) => e.type === 'tool-call-delta');
      expect(deltas).toHaveLength(1);
      expect(deltas[0]).toMatchObject({ index: 0, name: 'get_weather', argumentsDelta: '{"city":"Paris"}' });
      const finish = events.at(-1)!;
      if (finish.type !== 'finish') throw new Error('no finish');
      expect(finish.response.toolCalls[0]!.id).toBe(`gemini_call_${finish.response.id}_0`);
      expect(finish.finishReason).toBe('tool_calls');
    });

    it('maps MALFORMED_FUNCTION_CALL to malformed_response', async () => {
      server.enqueue({ kind: 'tool-calls', calls: [{ name: 'get_weather', arguments: '{city: Paris' }] });
      const err = await failure(model.chat({ messages: [{ role: 'user', content: 'Paris?' }], tools: [weather] }));
      expect(err.code).toBe('malformed_response');
      expect(err.message).toContain('MALFORMED_FUNCTION_CALL');
      expect(err.details).toMatchObject({ finishReason: 'MALFORMED_FUNCTION_CALL', usage: { inputTokens: 11 } });
    });
  });

  describe('safety', () => {
    it('turns finishReason SAFETY into content_filtered naming the category', async () => {
      server.enqueue({ kind: 'text', text: 'I will not', finishReason: 'content_filter' });
      const err = await failure(model.chat({ messages: [{ role: 'user', content: 'bad' }] }));
      expect(err.code).toBe('content_filtered');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain('SAFETY');
      expect(err.message).toContain('HARM_CATEGORY_HARASSMENT');
      expect(err.details).toMatchObject({ finishReason: 'SAFETY', categories: ['HARM_CATEGORY_HARASSMENT'], usage: { inputTokens: 11 } });
    });

    it('ends a stream with content_filtered after the text already sent', async () => {
      server.enqueue({ kind: 'stream-error', afterText: 'Here is how', error: 'content_filtered' });
      const events: StreamEvent<undefined>[] = [];
      const err = await failure(collect(model.streamChat({ messages: [{ role: 'user', content: 'bad' }] }), events));
      expect(err.code).toBe('content_filtered');
      expect(err.details).toMatchObject({ finishReason: 'SAFETY', categories: ['HARM_CATEGORY_HARASSMENT'] });
      expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe('Here is how');
    });

    it('turns a blocked prompt (promptFeedback.blockReason) into content_filtered, chat and stream', async () => {
      server.enqueue({ kind: 'error', error: 'content_filtered' }, { kind: 'error', error: 'content_filtered' });
      for (const run of [
        () => model.chat({ messages: [{ role: 'user', content: 'bad' }] }),
        () => model.streamChat({ messages: [{ role: 'user', content: 'bad' }] }).response,
      ]) {
        const err = await failure(run());
        expect(err.code).toBe('content_filtered');
        expect(err.message).toContain('blockReason SAFETY');
        expect(err.message).toContain('HARM_CATEGORY_DANGEROUS_CONTENT');
        expect(err.details).toMatchObject({ blockReason: 'SAFETY', categories: ['HARM_CATEGORY_DANGEROUS_CONTENT'] });
      }
    });
  });

  describe('thoughts and usage', () => {
    it('keeps thought parts out of the text, as reasoning, and counts thought tokens in the output', async () => {
      server.enqueue({ kind: 'text', text: 'Paris.', reasoning: 'The user wants a capital.', usage: { inputTokens: 10, outputTokens: 30, reasoningTokens: 25 } });
      const r = await model.chat({ messages: [{ role: 'user', content: 'Capital of France?' }] });
      expect(r.text).toBe('Paris.');
      expect(r.reasoning).toBe('The user wants a capital.');
      expect(r.usage).toEqual({ inputTokens: 10, outputTokens: 30, totalTokens: 40, reasoningTokens: 25 });
    });

    it('streams thoughts as reasoning deltas and reports the last usage once', async () => {
      server.enqueue({ kind: 'text', text: 'Paris is the capital.', reasoning: 'Think about France.', usage: { inputTokens: 10, outputTokens: 30, reasoningTokens: 25 } });
      const events = await collect(model.streamChat({ messages: [{ role: 'user', content: 'Capital of France?' }] }));
      const reasoning = events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : [])).join('');
      const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
      expect(reasoning).toBe('Think about France.');
      expect(text).toBe('Paris is the capital.');
      const usages = events.filter((e) => e.type === 'usage');
      expect(usages).toHaveLength(1);
      expect(usages[0]).toMatchObject({ usage: { inputTokens: 10, outputTokens: 30, totalTokens: 40, reasoningTokens: 25 } });
    });

    it('reports cached prompt tokens', async () => {
      server.enqueue({ kind: 'text', text: 'ok', usage: { inputTokens: 2000, outputTokens: 5, cachedInputTokens: 1500 } });
      const r = await model.chat({ messages: [{ role: 'user', content: 'again' }] });
      expect(r.usage).toEqual({ inputTokens: 2000, outputTokens: 5, totalTokens: 2005, cachedInputTokens: 1500 });
    });
  });

  describe('errors', () => {
    it('maps a bad key (400 INVALID_ARGUMENT, reason API_KEY_INVALID) to authentication', async () => {
      const bad = createGoogleProvider({ apiKey: 'AIzaSyWrongWrongWrongWrong0000', baseUrl: server.baseUrl }).chatModel('gemini-2.0-flash');
      const err = await failure(bad.chat({ messages: [{ role: 'user', content: 'hi' }] }));
      expect(err.code).toBe('authentication');
      expect(err.status).toBe(400);
      expect(err.retryable).toBe(false);
      expect(err.details).toMatchObject({ reasons: ['API_KEY_INVALID'] });
      expect(JSON.stringify(err.toJSON())).not.toContain('AIzaSyWrongWrongWrongWrong0000');
    });

    it('maps RESOURCE_EXHAUSTED per minute to rate_limited with RetryInfo.retryDelay as retryAfterMs', async () => {
      server.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 7 });
      const err = await failure(model.chat({ messages: [{ role: 'user', content: 'hi' }] }));
      expect(err.code).toBe('rate_limited');
      expect(err.retryAfterMs).toBe(7000);
      expect(err.details).toMatchObject({ quotaIds: ['GenerateRequestsPerMinutePerProjectPerModel-FreeTier'] });
    });

    it('maps a daily RESOURCE_EXHAUSTED quota to quota_exceeded, not retried', async () => {
      server.enqueue({ kind: 'error', error: 'quota_exceeded' });
      const err = await failure(model.chat({ messages: [{ role: 'user', content: 'hi' }] }));
      expect(err.code).toBe('quota_exceeded');
      expect(err.retryable).toBe(false);
    });

    it('maps the input-token-count message to context_length_exceeded', async () => {
      server.enqueue({ kind: 'error', error: 'context_length_exceeded' });
      const err = await failure(model.chat({ messages: [{ role: 'user', content: 'hi' }] }));
      expect(err.code).toBe('context_length_exceeded');
      expect(err.message).toContain('exceeds the maximum number of tokens allowed');
    });

    it('maps an error sent inside the stream by its status', async () => {
      server.enqueue({ kind: 'stream-error', afterText: 'partial', error: 'provider_error' });
      const err = await failure(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }).response);
      expect(err.code).toBe('provider_error');
      expect(err.status).toBe(500);
      expect(err.retryable).toBe(true);
    });

    it("maps the SDK's own timeout to timeout", async () => {
      const slow = createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, timeoutMs: 100 }).chatModel('gemini-2.0-flash');
      server.enqueue({ kind: 'text', text: 'late', fault: { kind: 'slow-first-byte', delayMs: 2000 } });
      const err = await failure(slow.chat({ messages: [{ role: 'user', content: 'hi' }] }));
      expect(err.code).toBe('timeout');
    });
  });

  describe('models and health', () => {
    it('lists models with context window and output limit', async () => {
      const provider = createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl });
      const models = await provider.listModels();
      expect(models.map((m) => m.id)).toEqual(['gemini-2.0-flash', 'gemini-2.5-flash', 'gemini-2.5-pro', 'text-embedding-004']);
      expect(models[0]).toMatchObject({ provider: 'google', displayName: 'Gemini 2.0 Flash', contextWindow: 1_048_576, maxOutputTokens: 8192 });
      expect(models[1]!.capabilities).toMatchObject({ streaming: true, reasoning: true });
      expect(models[3]!.capabilities).toMatchObject({ streaming: false });
    });

    it('reads every page of the model list', async () => {
      const many = Array.from({ length: 1203 }, (_, i) => ({ id: `m-${i}`, inputTokenLimit: 1000, outputTokenLimit: 100 }));
      const big = await startFakeGoogleServer({ models: many });
      try {
        const models = await createGoogleProvider({ apiKey: big.apiKey, baseUrl: big.baseUrl }).listModels();
        expect(models).toHaveLength(1203);
        expect(models.at(-1)!.id).toBe('m-1202');
      } finally {
        await big.close();
      }
    });

    it('is unhealthy with a bad key, saying authentication', async () => {
      const report = await createGoogleProvider({ apiKey: 'not-the-key-000000', baseUrl: server.baseUrl }).checkHealth();
      expect(report).toMatchObject({ provider: 'google', status: 'unhealthy', error: { code: 'authentication', status: 400 } });
    });
  });
});
