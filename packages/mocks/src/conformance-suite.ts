import { toAssistantMessage, type ChatModel } from '@llm/core';
import { defineTool, type StreamEvent } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConformanceHarness } from './conformance-harness.js';
import { describeWireShapes } from './conformance-wire-shapes.js';
import { hostileCallerTests } from './conformance-hostile-caller.js';
import { expectLLMError } from './expect-llm-error.js';
import { DEFAULT_USAGE, EXPECTED_ERROR_CODE } from './scenario.js';
import { describeHostileVendor } from './conformance-hostile-vendor.js';
import { waitFor } from './wait-for.js';

export interface ConformanceOptions {
  /** Shown in the suite's name. */
  name: string;
  setup(): Promise<ConformanceHarness>;
  /** The vendor sends errors inside a stream (OpenAI-style `data: {"error":...}`, Anthropic `event: error`). */
  streamErrors?: boolean;
  /** The vendor takes a JSON Schema for structured output (false: JSON mode plus validation only). */
  sendsResponseSchema?: boolean;
  /** The vendor takes stop sequences. */
  stopSequences?: boolean;
  /** The vendor sends reasoning text (OpenAI's Chat Completions reports only reasoning tokens). */
  reasoningText?: boolean;
  /** Run the hostile-caller part (default true; needs the harness's `createClient` and `factory`). */
  hostileCaller?: boolean;
  /** The vendor can stop in the middle of a tool call's arguments at the length limit (false for Gemini, which sends each call whole). */
  cutsToolCalls?: boolean;
  /** Run the "hostile vendor" part (default true): the target is a fake vendor server that can send malformed replies. */
  hostileVendor?: boolean;
}

const weather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string(), unit: z.enum(['c', 'f']).optional() }),
});
const time = defineTool({ name: 'get_time', description: 'Current time in a timezone', parameters: z.object({ timezone: z.string() }) });

const Person = z.object({ name: z.string(), age: z.number().int() });

async function collect<T>(stream: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const events: StreamEvent<T>[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

/** The one conformance suite every provider runs against its fake vendor server. */
export function runConformanceSuite(options: ConformanceOptions): void {
  const sendsSchema = options.sendsResponseSchema ?? true;
  const stopSequences = options.stopSequences ?? true;

  describe(`conformance: ${options.name}`, () => {
    let h: ConformanceHarness;
    let model: ChatModel;

    beforeAll(async () => {
      h = await options.setup();
      model = h.createModel();
    });
    afterAll(async () => {
      await h?.close();
    });
    beforeEach(() => h.target.reset());

    describe('chat', () => {
      it('returns text, usage, finish reason and ids', async () => {
        h.target.enqueue({ kind: 'text', text: 'Paris is the capital of France.', usage: { inputTokens: 21, outputTokens: 8 } });
        const r = await model.chat({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }] });
        expect(r.text).toBe('Paris is the capital of France.');
        expect(r.finishReason).toBe('stop');
        expect(r.usage).toMatchObject({ inputTokens: 21, outputTokens: 8, totalTokens: 29 });
        expect(r.provider).toBe(model.provider);
        expect(r.model.length).toBeGreaterThan(0);
        expect(r.id.length).toBeGreaterThan(0);
        expect(r.toolCalls).toEqual([]);
        expect(r.object).toBeUndefined();
        const seen = h.target.lastRequest();
        expect(seen.system).toBe('Be brief.');
        expect(seen.stream).toBe(false);
      });

      it('sends the sampling settings it was given', async () => {
        h.target.enqueue({ kind: 'text', text: 'ok' });
        await model.chat({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 77, temperature: 0.3, ...(stopSequences ? { stop: ['END', 'STOP'] } : {}) });
        const seen = h.target.lastRequest();
        expect(seen.maxTokens).toBe(77);
        expect(seen.temperature).toBeCloseTo(0.3);
        if (stopSequences) expect(seen.stop).toEqual(['END', 'STOP']);
      });

      it('maps a length stop to finishReason "length"', async () => {
        h.target.enqueue({ kind: 'text', text: 'cut sh', finishReason: 'length' });
        const r = await model.chat({ messages: [{ role: 'user', content: 'long story' }], maxTokens: 2 });
        expect(r.finishReason).toBe('length');
      });

      it('completes a plain prompt as an LLM', async () => {
        h.target.enqueue({ kind: 'text', text: 'four' });
        const r = await model.complete({ prompt: '2+2 in words?', system: 'Answer in one word.' });
        expect(r.text).toBe('four');
        expect(h.target.lastRequest().system).toBe('Answer in one word.');
      });

      it('rejects an invalid request before it reaches the vendor, naming each bad field', async () => {
        const before = h.target.requests.length;
        const err = await expectLLMError(model.chat({ messages: [], temperature: 7 }));
        expect(err.code).toBe('invalid_request');
        expect(err.message).toMatch(/messages/);
        expect(err.message).toMatch(/temperature/);
        expect(h.target.requests.length).toBe(before);
      });
    });

    describe('stream', () => {
      it('streams text deltas, usage and a finish event with the assembled response', async () => {
        const text = 'One two three four five six seven.';
        h.target.enqueue({ kind: 'text', text, usage: { inputTokens: 12, outputTokens: 9 } });
        const stream = model.streamChat({ messages: [{ role: 'user', content: 'count' }] });
        const events = await collect(stream);
        const deltas = events.filter((e) => e.type === 'text-delta');
        expect(deltas.length).toBeGreaterThan(1);
        expect(deltas.map((e) => e.text).join('')).toBe(text);
        const usage = events.find((e) => e.type === 'usage');
        expect(usage && usage.type === 'usage' && usage.usage).toMatchObject({ inputTokens: 12, outputTokens: 9, totalTokens: 21 });
        const last = events[events.length - 1]!;
        expect(last.type).toBe('finish');
        if (last.type !== 'finish') throw new Error('unreachable');
        expect(last.response.text).toBe(text);
        expect(last.response.usage).toMatchObject({ inputTokens: 12, outputTokens: 9 });
        expect(await stream.response).toBe(last.response);
        expect(h.target.lastRequest().stream).toBe(true);
      });

      it('resolves the response without the caller reading the events', async () => {
        h.target.enqueue({ kind: 'text', text: 'quiet reply' });
        const r = await model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }).response;
        expect(r.text).toBe('quiet reply');
        expect(r.usage.totalTokens).toBe(DEFAULT_USAGE.inputTokens + DEFAULT_USAGE.outputTokens);
      });

      it('streams a plain completion', async () => {
        h.target.enqueue({ kind: 'text', text: 'streamed completion' });
        const r = await model.streamComplete({ prompt: 'go' }).response;
        expect(r.text).toBe('streamed completion');
      });
    });

    describe('tools', () => {
      it('returns a single tool call, parsed and validated', async () => {
        h.target.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } }] });
        const r = await model.chat({ messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weather, time] });
        expect(r.finishReason).toBe('tool_calls');
        expect(r.toolCalls).toHaveLength(1);
        expect(r.toolCalls[0]).toMatchObject({ name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } });
        expect(r.toolCalls[0]!.id.length).toBeGreaterThan(0);
        expect(h.target.lastRequest().toolNames.sort()).toEqual(['get_time', 'get_weather']);
      });

      it('returns parallel tool calls', async () => {
        h.target.enqueue({
          kind: 'tool-calls',
          calls: [
            { name: 'get_weather', arguments: { city: 'Paris' } },
            { name: 'get_time', arguments: { timezone: 'Europe/Paris' } },
          ],
        });
        const r = await model.chat({ messages: [{ role: 'user', content: 'Weather and time in Paris?' }], tools: [weather, time] });
        expect(r.toolCalls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
        expect(r.toolCalls[1]!.arguments).toEqual({ timezone: 'Europe/Paris' });
        expect(new Set(r.toolCalls.map((c) => c.id)).size).toBe(2);
      });

      it('streams parallel tool calls: argument fragments, then complete calls', async () => {
        h.target.enqueue({
          kind: 'tool-calls',
          calls: [
            { name: 'get_weather', arguments: { city: 'San Francisco, California', unit: 'f' } },
            { name: 'get_time', arguments: { timezone: 'America/Los_Angeles' } },
          ],
        });
        const events = await collect(model.streamChat({ messages: [{ role: 'user', content: 'SF weather and time' }], tools: [weather, time] }));
        const fragments = events.filter((e) => e.type === 'tool-call-delta');
        expect(fragments.length).toBeGreaterThanOrEqual(2);
        const calls = events.flatMap((e) => (e.type === 'tool-call' ? [e.toolCall] : []));
        expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
        expect(calls[0]!.arguments).toEqual({ city: 'San Francisco, California', unit: 'f' });
        const last = events[events.length - 1]!;
        expect(last.type === 'finish' && last.response.toolCalls).toEqual(calls);
        expect(last.type === 'finish' && last.finishReason).toBe('tool_calls');
      });

      it('sends tool results back in a round trip', async () => {
        h.target.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_rt1', name: 'get_weather', arguments: { city: 'Oslo' } }] });
        const first = await model.chat({ messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weather] });
        const call = first.toolCalls[0]!;
        h.target.enqueue({ kind: 'text', text: 'It is 3°C in Oslo.' });
        const second = await model.chat({
          messages: [
            { role: 'user', content: 'Weather in Oslo?' },
            { role: 'assistant', content: first.text || null, toolCalls: first.toolCalls },
            { role: 'tool', toolCallId: call.id, name: call.name, content: { temperature: 3, unit: 'c' } },
          ],
          tools: [weather],
        });
        expect(second.text).toBe('It is 3°C in Oslo.');
        const results = h.target.lastRequest().toolResults;
        expect(results).toHaveLength(1);
        expect(results[0]!.toolCallId).toBe(call.id);
        expect(results[0]!.content).toContain('3');
      });

      it('puts a turn back with toAssistantMessage (reasoning included where the vendor gave it), and a foreign reasoning part is ignored', async () => {
        h.target.enqueue({ kind: 'tool-calls', reasoning: 'The weather tool knows.', calls: [{ id: 'call_rt2', name: 'get_weather', arguments: { city: 'Rome' } }] });
        const first = await model.chat({ messages: [{ role: 'user', content: 'Weather in Rome?' }], tools: [weather] });
        if (options.reasoningText ?? true) expect(first.reasoning).toBe('The weather tool knows.');
        else {
          // The vendor reports only what the reasoning cost (OpenAI's Chat Completions).
          expect(first.reasoning).toBeUndefined();
          expect(first.usage.reasoningTokens).toBeGreaterThan(0);
        }
        const turn = toAssistantMessage(first);
        expect(turn.toolCalls).toEqual(first.toolCalls);
        // The blocks the vendor wants back (signed thinking) are in the turn; a vendor that wants none back gets none.
        const signed = first.reasoningParts ?? [];
        expect(turn.reasoning ?? []).toEqual(signed);
        for (const part of signed) if (part.type === 'reasoning') expect(part.text).toBe('The weather tool knows.');
        // Reasoning another vendor made (no signature) must not break the request either.
        turn.reasoning = [...(turn.reasoning ?? []), { type: 'reasoning', text: 'not yours' }];
        h.target.enqueue({ kind: 'text', text: 'Sunny in Rome.' });
        const call = first.toolCalls[0]!;
        const second = await model.chat({
          messages: [{ role: 'user', content: 'Weather in Rome?' }, turn, { role: 'tool', toolCallId: call.id, name: call.name, content: 'sunny' }],
          tools: [weather],
        });
        expect(second.text).toBe('Sunny in Rome.');
        // The signed blocks went back as they came; the assistant turn's calls went back too.
        const sent = JSON.stringify(h.target.lastRequest().body);
        for (const part of signed) {
          if (part.type === 'reasoning' && part.signature) expect(sent).toContain(part.signature);
          if (part.type === 'redacted-reasoning') expect(sent).toContain(part.data);
        }
        expect(sent).toContain(call.id);
      });

      it('rejects tool arguments that do not fit the schema as malformed_response', async () => {
        h.target.enqueue({ kind: 'tool-calls', calls: [{ name: 'get_weather', arguments: { town: 'Paris' } }] });
        const err = await expectLLMError(model.chat({ messages: [{ role: 'user', content: 'Weather?' }], tools: [weather] }));
        expect(err.code).toBe('malformed_response');
        expect(err.rawText).toContain('town');
      });
    });

    describe('structured output', () => {
      it('returns the parsed, validated object', async () => {
        h.target.enqueue({ kind: 'text', text: '{"name":"Ada","age":36}' });
        const r = await model.chat({ messages: [{ role: 'user', content: 'Ada Lovelace as JSON' }], output: Person });
        expect(r.object).toEqual({ name: 'Ada', age: 36 });
        if (sendsSchema) expect(h.target.lastRequest().responseSchema).toMatchObject({ type: 'object' });
      });

      it('streams structured output', async () => {
        h.target.enqueue({ kind: 'text', text: '{"name":"Alan","age":41}', chunks: 5 });
        const r = await model.streamChat({ messages: [{ role: 'user', content: 'Alan Turing as JSON' }], output: Person }).response;
        expect(r.object).toEqual({ name: 'Alan', age: 41 });
      });

      it('gives malformed_response with the raw text when the reply does not fit', async () => {
        h.target.enqueue({ kind: 'text', text: '{"name":"Ada","age":"old"}' });
        const err = await expectLLMError(model.chat({ messages: [{ role: 'user', content: 'Ada' }], output: Person }));
        expect(err.code).toBe('malformed_response');
        expect(err.rawText).toBe('{"name":"Ada","age":"old"}');
        expect(err.message).toMatch(/age/);
      });
    });

    describe('abort', () => {
      it('aborting a call ends it with canceled', async () => {
        h.target.enqueue({ kind: 'text', text: 'too late', fault: { kind: 'slow-first-byte', delayMs: 3000 } });
        const controller = new AbortController();
        const call = model.chat({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
        // Aborted once the server has the request, while it waits for its first byte. Aborted at a
        // fixed time instead, a loaded machine could abort before the server had read the request,
        // which it then read after this test, as the next one's: it took that test's scenario.
        await waitFor(() => h.target.received.length > 0, 'the request reaching the server');
        const abortedAt = Date.now();
        controller.abort();
        const err = await expectLLMError(call);
        expect(err.code).toBe('canceled');
        expect(Date.now() - abortedAt).toBeLessThan(2500);
      });

      it('aborting a stream stops the HTTP request and ends with canceled', async () => {
        h.target.enqueue({ kind: 'text', text: 'a b c d e f g h i j k l', fault: { kind: 'slow-chunks', delayMs: 500 } });
        const abortedBefore = h.target.abortedRequests ?? 0;
        const controller = new AbortController();
        const stream = model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
        const seen: string[] = [];
        const err = await expectLLMError(
          (async () => {
            for await (const e of stream) {
              if (e.type === 'text-delta') {
                seen.push(e.text);
                controller.abort();
              }
            }
          })(),
        );
        expect(err.code).toBe('canceled');
        // Nothing after the abort reaches the caller, however many chunks the SDK had buffered.
        expect(seen).toHaveLength(1);
        expect((await expectLLMError(stream.response)).code).toBe('canceled');
        // The slow reply went to this stream's request, not to one left over from another test.
        expect(h.target.requests.map((r) => r.stream)).toEqual([true]);
        if (h.target.abortedRequests !== undefined) await waitFor(() => (h.target.abortedRequests ?? 0) > abortedBefore, 'the server seeing the request aborted');
      });

      it('after an abort, no event the SDK had already received reaches the caller, nor the finish', async () => {
        h.target.enqueue({ kind: 'text', text: 'a b c d e f g h i j k l', chunks: 12 });
        const controller = new AbortController();
        const stream = model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
        const seen: string[] = [];
        const err = await expectLLMError(
          (async () => {
            for await (const e of stream) {
              seen.push(e.type);
              if (e.type !== 'text-delta') continue;
              // Let the rest of the reply (finish included) arrive and sit in the SDK's buffers.
              await new Promise((r) => setTimeout(r, 100));
              controller.abort();
            }
          })(),
        );
        expect(err.code).toBe('canceled');
        expect(seen.filter((t) => t === 'text-delta')).toHaveLength(1);
        expect(seen).not.toContain('finish');
        expect((await expectLLMError(stream.response)).code).toBe('canceled');
      });

      it('leaving the loop early stops the HTTP request', async () => {
        h.target.enqueue({ kind: 'text', text: 'a b c d e f g h i j k l', fault: { kind: 'slow-chunks', delayMs: 500 } });
        const abortedBefore = h.target.abortedRequests ?? 0;
        const stream = model.streamChat({ messages: [{ role: 'user', content: 'hi' }] });
        for await (const e of stream) if (e.type === 'text-delta') break;
        expect((await expectLLMError(stream.response)).code).toBe('canceled');
        if (h.target.abortedRequests !== undefined) await waitFor(() => (h.target.abortedRequests ?? 0) > abortedBefore, 'the server seeing the request aborted');
      });
    });

    describe('errors', () => {
      it('maps every error the vendor can produce to its LLMError code', async () => {
        for (const kind of h.target.errorKinds) {
          h.target.enqueue({ kind: 'error', error: kind, retryAfterSeconds: kind === 'rate_limited' ? 2 : undefined });
          const err = await expectLLMError(model.chat({ messages: [{ role: 'user', content: 'hi' }] }));
          expect({ kind, code: err.code }).toEqual({ kind, code: EXPECTED_ERROR_CODE[kind] });
          expect(err.provider).toBe(model.provider);
          if (kind === 'rate_limited') expect(err.retryAfterMs).toBe(2000);
          expect(err.retryable).toBe(['rate_limited', 'overloaded', 'provider_error'].includes(err.code));
        }
      });

      it('maps errors the same way when streaming', async () => {
        h.target.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 1 });
        const err = await expectLLMError(collect(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] })));
        expect(err.code).toBe('rate_limited');
        expect(err.retryAfterMs).toBe(1000);
      });

      it('maps a wrong key to authentication', async () => {
        const bad = h.createModel({ apiKey: 'wrong-key-000000000000' });
        const err = await expectLLMError(bad.chat({ messages: [{ role: 'user', content: 'hi' }] }));
        expect(err.code).toBe('authentication');
        expect(JSON.stringify(err.toJSON())).not.toContain('wrong-key-000000000000');
        expect(err.message).not.toContain('wrong-key-000000000000');
        expect(h.target.received.length).toBeGreaterThan(0);
        expect(h.target.received.every((call) => !call.authorized)).toBe(true);
        expect(h.target.requests).toHaveLength(0);
      });

      it('maps a malformed reply to malformed_response', async () => {
        h.target.enqueue({ kind: 'text', text: 'x', fault: { kind: 'malformed-json' } });
        const err = await expectLLMError(model.chat({ messages: [{ role: 'user', content: 'hi' }] }));
        expect(err.code).toBe('malformed_response');
      });

      it('ends a stream cut mid-way with a retryable network error', async () => {
        h.target.enqueue({ kind: 'text', text: 'a b c d e f g h', fault: { kind: 'cut', afterChunks: 3 } });
        const err = await expectLLMError(collect(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] })));
        expect(err.code).toBe('network');
        expect(err.retryable).toBe(true);
      });

      if (options.streamErrors) {
        it('ends a stream with the mapped error when the vendor sends one inside it', async () => {
          h.target.enqueue({ kind: 'stream-error', afterText: 'partial answer', error: 'overloaded' });
          const stream = model.streamChat({ messages: [{ role: 'user', content: 'hi' }] });
          const texts: string[] = [];
          const err = await expectLLMError(
            (async () => {
              for await (const e of stream) if (e.type === 'text-delta') texts.push(e.text);
            })(),
          );
          expect(texts.join('')).toBe('partial answer');
          expect(err.code).toBe('overloaded');
        });
      }
    });

    describeWireShapes(() => h, { reasoningText: options.reasoningText ?? true, cutsToolCalls: options.cutsToolCalls ?? true });
    if (options.hostileCaller ?? true) hostileCallerTests(() => h);

    describe('health', () => {
      it('is healthy with the right key, having reached the vendor', async () => {
        const report = await h.checkHealth();
        expect(report.status).toBe('healthy');
        expect(report.latencyMs).toBeGreaterThanOrEqual(0);
        expect(report.error).toBeUndefined();
        // The check reached the vendor with the key and was let in; a models listing is not a chat request.
        expect(h.target.received.length).toBeGreaterThan(0);
        expect(h.target.received.every((call) => call.authorized)).toBe(true);
        expect(h.target.requests).toHaveLength(0);
      });

      it('is unhealthy with a wrong key and says why', async () => {
        const report = await h.checkHealth({ apiKey: 'wrong-key-000000000000' });
        expect(report.status).toBe('unhealthy');
        expect(report.error?.code).toBe('authentication');
        // The vendor itself refused the key: the report is its answer, not a guess made before the call.
        expect(h.target.received.length).toBeGreaterThan(0);
        expect(h.target.received.every((call) => !call.authorized)).toBe(true);
        expect(JSON.stringify(report)).not.toContain('wrong-key-000000000000');
      });
    });

    if (options.hostileVendor !== false) describeHostileVendor(() => h);
  });
}
