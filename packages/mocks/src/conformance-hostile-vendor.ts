import type { ChatModel } from '@llm/core';
import { isLLMError, type LLMError } from '@llm/errors';
import { defineTool, type ChatRequest, type ChatResponse, type StreamEvent } from '@llm/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConformanceHarness } from './conformance-harness.js';
import { BAD_SHAPES, type BadShape, type Fault, type Scenario } from './scenario.js';

/** Runs of the property: 60 in `pnpm test`; `HOSTILE_VENDOR_RUNS=600` for a longer search now and then. */
const PROPERTY_RUNS = Number(process.env.HOSTILE_VENDOR_RUNS) > 0 ? Number(process.env.HOSTILE_VENDOR_RUNS) : 60;

const weather = defineTool({ name: 'get_weather', description: 'The weather in a city', parameters: z.object({ city: z.string() }) });
const ask: ChatRequest = { messages: [{ role: 'user', content: 'Weather in Oslo?' }] };
const askWithTools: ChatRequest = { ...ask, tools: [weather] };

/** Shapes about tool calls need a reply with one. */
const NEEDS_CALLS: ReadonlySet<BadShape> = new Set<BadShape>(['calls-not-list', 'call-without-name']);

/** A healthy reply (a tool call, or text) with the fault that breaks it. */
function replyFor(fault: Fault, calls: boolean): Scenario {
  const usage = { inputTokens: 9, outputTokens: 4 };
  return calls
    ? { kind: 'tool-calls', calls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }], usage, fault }
    : { kind: 'text', text: 'Sunny and mild today.', usage, fault };
}

type Outcome = { response: ChatResponse; events: StreamEvent[] } | { error: unknown };

/** One call, as `chat` or as a stream read to its end; whatever it ends in. */
async function outcome(model: ChatModel, request: ChatRequest, streamed: boolean): Promise<Outcome> {
  const events: StreamEvent[] = [];
  try {
    if (!streamed) return { response: await model.chat(request), events };
    const stream = model.streamChat(request);
    for await (const event of stream) events.push(event);
    return { response: await stream.response, events };
  } catch (error) {
    return { error };
  }
}

const isCount = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** What a caller may rely on in a response, whatever the vendor sent: the types our own schema promises. */
function expectWellTyped(response: ChatResponse, events: readonly StreamEvent[]): void {
  expect(typeof response.text).toBe('string');
  expect(typeof response.id).toBe('string');
  expect(typeof response.model).toBe('string');
  expect(Number.isFinite(response.created)).toBe(true);
  expect(['stop', 'length', 'tool_calls', 'content_filter', 'error', 'other']).toContain(response.finishReason);
  if (response.rawFinishReason !== undefined) expect(typeof response.rawFinishReason).toBe('string');
  if (response.reasoning !== undefined) expect(typeof response.reasoning).toBe('string');
  const { cost, ...counts } = response.usage;
  for (const [field, value] of Object.entries(counts)) expect(isCount(value), `usage.${field} = ${String(value)}`).toBe(true);
  if (cost !== undefined) expect(isCount(cost.totalUsd), `usage.cost.totalUsd = ${String(cost.totalUsd)}`).toBe(true);
  expect(Array.isArray(response.toolCalls)).toBe(true);
  for (const call of response.toolCalls) {
    expect(typeof call.id).toBe('string');
    expect(typeof call.name === 'string' && call.name.length > 0).toBe(true);
    expect(typeof call.arguments === 'object' && call.arguments !== null && !Array.isArray(call.arguments)).toBe(true);
  }
  for (const event of events) {
    if (event.type === 'text-delta' || event.type === 'reasoning-delta') expect(typeof event.text).toBe('string');
    if (event.type === 'tool-call-delta') expect(typeof event.argumentsDelta).toBe('string');
  }
}

/**
 * The "hostile vendor" part of the conformance suite: a vendor (or a proxy in front of it) that
 * answers with well-formed JSON of the wrong shape. Every such reply ends in a `malformed_response`
 * LLMError that is not retried and carries the raw reply; and whatever a reply holds, nothing but
 * an LLMError or a well-typed response comes out (a property over replies with any node replaced).
 */
export function describeHostileVendor(harness: () => ConformanceHarness): void {
  describe('hostile vendor', () => {
    for (const shape of BAD_SHAPES) {
      for (const streamed of [false, true]) {
        it(`${shape}${streamed ? ' in a stream' : ''}: malformed_response, not retryable, with the raw reply`, async () => {
          const h = harness();
          const calls = NEEDS_CALLS.has(shape);
          h.target.enqueue(replyFor({ kind: 'bad-shape', shape }, calls));
          const before = h.target.requests.length;
          const result = await outcome(h.createModel(), calls ? askWithTools : ask, streamed);
          expect('error' in result, `expected a failure, got ${JSON.stringify('response' in result ? result.response : undefined)}`).toBe(true);
          const error = (result as { error: unknown }).error;
          expect(isLLMError(error), `expected an LLMError, got ${String(error)}`).toBe(true);
          const err = error as LLMError;
          expect({ code: err.code, retryable: err.retryable }, err.message).toEqual({ code: 'malformed_response', retryable: false });
          expect(typeof err.rawText === 'string' && err.rawText.length > 0, 'the raw reply is kept').toBe(true);
          expect(err.rawText).not.toContain(h.target.lastRequest().apiKey ?? '\u0000');
          expect(h.target.requests.length - before).toBe(1);
        });
      }
    }

    it('any node of any reply replaced by any JSON value: an LLMError or a well-typed response, never a hang', async () => {
      const h = harness();
      const model = h.createModel();
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.jsonValue({ maxDepth: 2 }),
          fc.boolean(),
          fc.boolean(),
          async (seed, value, calls, streamed) => {
            h.target.enqueue(replyFor({ kind: 'mutate', seed, value }, calls));
            const result = await outcome(model, calls ? askWithTools : ask, streamed);
            if ('error' in result) {
              expect(isLLMError(result.error), `expected an LLMError, got ${String(result.error)}`).toBe(true);
              return;
            }
            expectWellTyped(result.response, result.events);
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    }, Math.max(60_000, PROPERTY_RUNS * 1_000));
  });
}
