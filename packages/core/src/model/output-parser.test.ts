import { defineTool } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseStructuredOutput, parseToolCall } from './output-parser.js';

// The parser of replies on its own: fenced JSON, replies that do not parse or fit, and every
// shape of tool-call arguments a vendor sends.

const ctx = { provider: 'vendor', model: 'm' };
const Person = z.object({ name: z.string() });
const weather = defineTool({ name: 'get_weather', parameters: z.object({ city: z.string() }) });

function thrown(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a throw');
}

describe('parseStructuredOutput', () => {
  it('reads JSON inside a Markdown fence, with or without its language', () => {
    expect(parseStructuredOutput('```json\n{"name":"Ada"}\n```', Person, ctx)).toEqual({ name: 'Ada' });
    expect(parseStructuredOutput('  ```\n{"name":"Alan"}```  ', Person, ctx)).toEqual({ name: 'Alan' });
  });

  it('a reply that is not JSON is malformed_response with the text and the parse error', () => {
    const err = thrown(() => parseStructuredOutput('Sure! Here it is', Person, ctx));
    expect(err).toMatchObject({ code: 'malformed_response', rawText: 'Sure! Here it is', provider: 'vendor', model: 'm', retryable: false });
    expect(err.message).toMatch(/^the model's reply is not valid JSON: /);
    expect(err.cause).toBeDefined();
  });

  it('a reply that does not fit names the fields', () => {
    const err = thrown(() => parseStructuredOutput('{"name":3}', Person, ctx));
    expect(err).toMatchObject({ code: 'malformed_response', details: { fields: [expect.stringContaining('name')] } });
  });
});

describe('parseToolCall', () => {
  it('takes arguments as JSON text, as an object (Gemini), or as empty text for {}; keeps a signature', () => {
    expect(parseToolCall({ id: 'a', name: 'get_weather', arguments: '{"city":"Oslo"}' }, [weather], ctx)).toEqual({ id: 'a', name: 'get_weather', arguments: { city: 'Oslo' } });
    expect(parseToolCall({ id: 'b', name: 'get_weather', arguments: { city: 'Rome' }, signature: 'sig' }, [weather], ctx)).toEqual({ id: 'b', name: 'get_weather', arguments: { city: 'Rome' }, signature: 'sig' });
    expect(parseToolCall({ id: 'c', name: 'ping', arguments: '  ' }, undefined, ctx)).toEqual({ id: 'c', name: 'ping', arguments: {} });
  });

  it('refuses arguments that are not JSON, a tool it was not given, and arguments that are not an object', () => {
    expect(thrown(() => parseToolCall({ id: 'a', name: 'get_weather', arguments: '{"city":' }, [weather], ctx))).toMatchObject({
      code: 'malformed_response',
      message: 'tool call get_weather has arguments that are not valid JSON',
      details: { tool: 'get_weather', toolCallId: 'a' },
      rawText: '{"city":',
    });
    expect(thrown(() => parseToolCall({ id: 'b', name: 'get_time', arguments: '{}' }, [weather], ctx))).toMatchObject({
      message: 'the model called an unknown tool "get_time"',
      details: { tool: 'get_time', toolCallId: 'b' },
    });
    expect(thrown(() => parseToolCall({ id: 'c', name: 'free', arguments: '[1,2]' }, [], ctx))).toMatchObject({
      message: 'tool call free has arguments that are not a JSON object',
      rawText: '[1,2]',
    });
    expect(thrown(() => parseToolCall({ id: 'd', name: 'free', arguments: 'null' }, undefined, ctx))).toMatchObject({ code: 'malformed_response' });
  });

  it('validates against the tool\'s schema, naming the fields', () => {
    expect(thrown(() => parseToolCall({ id: 'a', name: 'get_weather', arguments: { town: 'Oslo' } }, [weather], ctx))).toMatchObject({
      details: { tool: 'get_weather', toolCallId: 'a', fields: [expect.stringContaining('city')] },
      rawText: '{"town":"Oslo"}',
    });
  });
});
