import { defineTool } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assembleStream, buildResponse } from './response-assembler.js';
import type { TransportResponse, TransportStreamPart } from './transport.js';

const weather = defineTool({ name: 'get_weather', parameters: z.object({ city: z.string() }) });
const request = { messages: [{ role: 'user' as const, content: 'hi' }], tools: [weather] };
const ctx = { provider: 'acme', model: 'm1' };

function reply(finishReason: TransportResponse['finishReason'], args: string): TransportResponse {
  return { text: 'Checking.', finishReason, toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Oslo"}' }, { id: 'c2', name: 'get_weather', arguments: args }] };
}

describe('calls cut off by the length limit', () => {
  it('a reply that hit the limit in a call keeps that call apart, incomplete, and the whole calls as they are', () => {
    const r = buildResponse(reply('length', '{"city":"Ber'), request, ctx);
    expect(r.finishReason).toBe('length');
    expect(r.text).toBe('Checking.');
    expect(r.toolCalls.map((c) => c.id)).toEqual(['c1']);
    expect(r.incompleteToolCalls).toEqual([{ id: 'c2', name: 'get_weather', argumentsText: '{"city":"Ber' }]);
  });

  it('unparseable arguments with any other finish are still a malformed reply', () => {
    expect(() => buildResponse(reply('tool_calls', '{"city":"Ber'), request, ctx)).toThrow(expect.objectContaining({ code: 'malformed_response' }));
  });

  it('in a stream: no tool-call event for the cut call, and the response marks it', async () => {
    async function* parts(): AsyncGenerator<TransportStreamPart> {
      yield { type: 'text-delta', text: 'Checking.' };
      yield { type: 'tool-call-delta', index: 0, id: 'c1', name: 'get_weather', argumentsDelta: '{"city":' };
      yield { type: 'tool-call-delta', index: 0, argumentsDelta: '"Ber' };
      yield { type: 'usage', usage: { inputTokens: 3, outputTokens: 5, totalTokens: 8 } };
      yield { type: 'finish', finishReason: 'length', rawFinishReason: 'max_tokens' };
    }
    const events = [];
    for await (const e of assembleStream(parts(), request, ctx)) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'tool-call-delta', 'tool-call-delta', 'usage', 'finish']);
    const finish = events.at(-1) as Extract<(typeof events)[number], { type: 'finish' }>;
    expect(finish.response.toolCalls).toEqual([]);
    expect(finish.response.incompleteToolCalls).toEqual([{ id: 'c1', name: 'get_weather', argumentsText: '{"city":"Ber' }]);
    expect(finish.response.usage.totalTokens).toBe(8);
  });
});
